/// Trains a `TrainedModel`: multinomial logistic regression with L2 regularisation, fitted by
/// SGD (Bottou's decaying step, lazy L2 through a weight scale) over hashed TF-IDF features.
///
/// Procedure: a stratified validation split is held out (seeded); epochs run on the rest until
/// validation accuracy has not improved (or, at equal accuracy, log-loss has not dropped by
/// 0.001) for `patience` epochs; the weights are averaged over the
/// epochs after the first; the best epoch's weights give the temperature (fitted by minimising
/// validation log-loss on [0.25, 20], or [1, 20] when the model makes no mistake on the
/// validation split, since then log-loss falls without end as probabilities are sharpened and
/// nothing shows where to stop); with `refitOnAll`
/// the model is then trained again on every example for the best number of epochs and keeps
/// that temperature.
/// Deterministic: one thread, seeded shuffles, no dictionaries iterated in hash order.
public enum TextClassifierTrainer {
    public struct Result: Sendable {
        public var model: TrainedModel
        public var report: TrainingReport
    }

    public static func train(examples: [LabelledExample], settings: TrainingSettings = TrainingSettings()) throws -> Result {
        try settings.validate()
        guard !examples.isEmpty else {
            throw ClassifierError("empty_dataset", "no training examples")
        }
        let labels = Array(Set(examples.map(\.label))).sorted()
        guard labels.count >= 2 else {
            throw ClassifierError("single_class", "training needs at least two labels; every example is labelled '\(labels[0])'")
        }
        let labelIndex = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let y = examples.map { Int32(labelIndex[$0.label]!) }
        guard examples.allSatisfy({ $0.weight > 0 && $0.weight <= 1 && $0.weight.isFinite }) else {
            throw ClassifierError("invalid_settings", "example weights must be in (0, 1]")
        }
        let weights = examples.map(\.weight)
        var warnings: [String] = []

        // Stratified split.
        var rng = SplitMix64(seed: settings.seed)
        var byLabel = [[Int]](repeating: [], count: labels.count)
        for (i, label) in y.enumerated() { byLabel[Int(label)].append(i) }
        var trainIdx: [Int] = [], validIdx: [Int] = []
        for (c, members) in byLabel.enumerated() {
            if members.count == 1 {
                warnings.append(
                    "label '\(labels[c])' has one example (\(examples[members[0]].origin.isEmpty ? "#\(members[0])" : examples[members[0]].origin)); it is used for training only"
                )
            }
            var m = members
            m.shuffle(using: &rng)
            let held = min(m.count - 1, Int((Double(m.count) * settings.validationFraction).rounded()))
            validIdx += m.prefix(max(0, held))
            trainIdx += m.dropFirst(max(0, held))
        }
        trainIdx.sort()
        validIdx.sort()
        if validIdx.isEmpty { warnings.append("too few examples for a validation split: no early stopping, temperature 1") }

        let featurizer = Featurizer(settings: settings.features)
        let blocks = examples.map { featurizer.blocks($0.input) }

        // Phase 1: training split, early stopping on validation.
        let space1 = makeSpace(featurizer: featurizer, blocks: blocks, members: trainIdx, weights: weights)
        let xs1 = blocks.map { space1.vector($0) }
        var sgd = SGD(rows: space1.buckets.count, classes: labels.count, settings: settings)
        var best: (accuracy: Double, loss: Double, epoch: Int, weights: [Float], bias: [Float])? = nil
        var epochsRun = 0
        var order = trainIdx
        var average = EpochAverage()
        for epoch in 1...settings.maxEpochs {
            order.shuffle(using: &rng)
            sgd.epoch(order: order, xs: xs1, y: y, weights: weights)
            average.add(sgd)
            epochsRun = epoch
            guard !validIdx.isEmpty else { continue }
            let (w, b) = average.weights()
            let (accuracy, loss) = score(weights: w, bias: b, classes: labels.count, xs: xs1, y: y, members: validIdx)
            if best == nil || accuracy > best!.accuracy || accuracy == best!.accuracy && loss < best!.loss - 1e-3 {
                best = (accuracy, loss, epoch, w, b)
            } else if epoch - best!.epoch >= settings.patience {
                break
            }
        }

        var temperature = 1.0
        var report = TrainingReport(
            trainingExamples: trainIdx.count, validationExamples: validIdx.count, labels: labels.count,
            featureRows: 0, epochsRun: epochsRun, bestEpoch: best?.epoch ?? epochsRun,
            validationAccuracy: best?.accuracy, validationECEBefore: nil, validationECEAfter: nil,
            temperature: 1, warnings: warnings)
        if let best {
            let probe = TrainedModel(
                settings: settings.features, labels: labels, modelID: settings.modelID, temperature: 1,
                buckets: space1.buckets, idf: space1.idf, weights: best.weights, bias: best.bias)
            let scores = validIdx.map { probe.scores(xs1[$0]) }
            let truth = validIdx.map { Int(y[$0]) }
            let mistakes = zip(scores, truth).filter { s, t in s.indices.max { s[$0] < s[$1] } != t }.count
            // With no validation mistake, log-loss keeps falling as T → 0: then only soften.
            temperature = fitTemperature(scores: scores, truth: truth, lowest: mistakes >= 1 ? 0.25 : 1)
            report.validationECEBefore = Evaluator.expectedCalibrationError(
                scores.enumerated().map { i, s in
                    let p = TrainedModel.softmax(s, temperature: 1)
                    let top = p.indices.max { p[$0] < p[$1] }!
                    return (p[top], top == truth[i])
                })
            report.validationECEAfter = Evaluator.expectedCalibrationError(
                scores.enumerated().map { i, s in
                    let p = TrainedModel.softmax(s, temperature: temperature)
                    let top = p.indices.max { p[$0] < p[$1] }!
                    return (p[top], top == truth[i])
                })
        }
        report.temperature = temperature

        guard settings.refitOnAll, let best else {
            let (w, b) = best.map { ($0.weights, $0.bias) } ?? average.weights()
            report.featureRows = space1.buckets.count
            let model = TrainedModel(
                settings: settings.features, labels: labels, modelID: settings.modelID, temperature: temperature,
                buckets: space1.buckets, idf: space1.idf, weights: w, bias: b)
            return Result(model: model, report: report)
        }

        // Phase 2: every example, the chosen number of epochs.
        let all = Array(examples.indices)
        let space2 = makeSpace(featurizer: featurizer, blocks: blocks, members: all, weights: weights)
        let xs2 = blocks.map { space2.vector($0) }
        var rng2 = SplitMix64(seed: settings.seed &+ 1)
        var sgd2 = SGD(rows: space2.buckets.count, classes: labels.count, settings: settings)
        var order2 = all
        var average2 = EpochAverage()
        for _ in 0..<best.epoch {
            order2.shuffle(using: &rng2)
            sgd2.epoch(order: order2, xs: xs2, y: y, weights: weights)
            average2.add(sgd2)
        }
        let (w, b) = average2.weights()
        report.featureRows = space2.buckets.count
        let model = TrainedModel(
            settings: settings.features, labels: labels, modelID: settings.modelID, temperature: temperature,
            buckets: space2.buckets, idf: space2.idf, weights: w, bias: b)
        return Result(model: model, report: report)
    }

    /// The rows (buckets in first-seen order over `members`, which is sorted) and their IDF, each
    /// document counted by its weight (so feedback weighted down does not flood the IDF either).
    static func makeSpace(featurizer: Featurizer, blocks: [HashedBlocks], members: [Int], weights: [Float]) -> FeatureSpace {
        let size = 1 << featurizer.settings.bucketBits
        var rowOf = [Int32](repeating: -1, count: size)
        var stamp = [Int32](repeating: -1, count: size)
        var buckets: [UInt32] = []
        var df: [Double] = []
        for doc in members {
            for block in [blocks[doc].words, blocks[doc].chars, blocks[doc].tags] {
                for b in block {
                    let bi = Int(b)
                    if stamp[bi] == Int32(doc) { continue }
                    stamp[bi] = Int32(doc)
                    if rowOf[bi] < 0 {
                        rowOf[bi] = Int32(buckets.count)
                        buckets.append(b)
                        df.append(0)
                    }
                    df[Int(rowOf[bi])] += Double(weights[doc])
                }
            }
        }
        let n = members.reduce(0.0) { $0 + Double(weights[$1]) }
        let idf = df.map { Float(((1 + n) / (1 + $0)).logValue + 1) }
        return FeatureSpace(featurizer: featurizer, buckets: buckets, idf: idf)
    }

    /// Accuracy and mean log-loss of raw weights over `members`.
    static func score(weights: [Float], bias: [Float], classes k: Int, xs: [SparseVector], y: [Int32], members: [Int]) -> (Double, Double) {
        var correct = 0
        var loss = 0.0
        var s = [Float](repeating: 0, count: k)
        for i in members {
            SGD.forward(weights: weights, bias: bias, scale: 1, x: xs[i], classes: k, into: &s)
            var top = 0
            for c in 1..<k where s[c] > s[top] { top = c }
            if top == Int(y[i]) { correct += 1 }
            let p = TrainedModel.softmax(s, temperature: 1)
            loss -= max(p[Int(y[i])], 1e-12).logValue
        }
        return (Double(correct) / Double(members.count), loss / Double(members.count))
    }

    /// The temperature minimising log-loss of `scores` (golden-section search on log T in
    /// [`lowest`, 20]).
    static func fitTemperature(scores: [[Float]], truth: [Int], lowest: Double) -> Double {
        func nll(_ logT: Double) -> Double {
            let t = logT.expValue
            var total = 0.0
            for (i, s) in scores.enumerated() {
                let p = TrainedModel.softmax(s, temperature: t)
                total -= max(p[truth[i]], 1e-12).logValue
            }
            return total
        }
        var lo = lowest.logValue, hi = 20.0.logValue
        let phi = (5.0.squareRoot() - 1) / 2
        var a = hi - phi * (hi - lo), b = lo + phi * (hi - lo)
        var fa = nll(a), fb = nll(b)
        for _ in 0..<60 {
            if fa < fb {
                hi = b
                b = a
                fb = fa
                a = hi - phi * (hi - lo)
                fa = nll(a)
            } else {
                lo = a
                a = b
                fa = fb
                b = lo + phi * (hi - lo)
                fb = nll(b)
            }
        }
        return ((lo + hi) / 2).expValue
    }
}

/// Plain SGD on the softmax loss with L2 kept lazily: the true weights are `scale × v`.
/// Weights are stored padded to blocks of 8 labels (`SIMD8<Float>`) so every row update is a
/// handful of vector operations.
struct SGD {
    let classes: Int
    let blocks: Int
    var v: [SIMD8<Float>]
    var bias: [Float]
    var scale: Double = 1
    var t: Double = 0
    let eta0: Double
    let lambda: Double

    init(rows: Int, classes: Int, settings: TrainingSettings) {
        self.classes = classes
        self.blocks = (classes + 7) / 8
        self.v = [SIMD8<Float>](repeating: .zero, count: rows * blocks)
        self.bias = [Float](repeating: 0, count: classes)
        self.eta0 = settings.learningRate
        self.lambda = settings.l2
    }

    static func forward(weights: [Float], bias: [Float], scale: Float, x: SparseVector, classes k: Int, into s: inout [Float]) {
        weights.withUnsafeBufferPointer { w in
            s.withUnsafeMutableBufferPointer { out in
                for c in 0..<k { out[c] = 0 }
                for i in 0..<x.indices.count {
                    let xv = x.values[i]
                    let base = Int(x.indices[i]) * k
                    for c in 0..<k { out[c] += xv * w[base + c] }
                }
                for c in 0..<k { out[c] = out[c] * scale + bias[c] }
            }
        }
    }

    /// One pass in `order`; each example's step is scaled by its weight.
    mutating func epoch(order: [Int], xs: [SparseVector], y: [Int32], weights: [Float]) {
        let k = classes, kb = blocks
        var acc = [SIMD8<Float>](repeating: .zero, count: kb)
        var p = [Float](repeating: 0, count: kb * 8)
        for i in order {
            let x = xs[i]
            let eta = eta0 / (1 + eta0 * lambda * t)
            t += 1
            scale *= (1 - eta * lambda)
            if scale < 1e-6 { rescale() }
            let step = Float(eta / scale)
            let s = Float(scale)
            v.withUnsafeMutableBufferPointer { w in
                acc.withUnsafeMutableBufferPointer { a in
                    for b in 0..<kb { a[b] = .zero }
                    x.indices.withUnsafeBufferPointer { idx in
                        x.values.withUnsafeBufferPointer { val in
                            for j in 0..<idx.count {
                                let xv = SIMD8<Float>(repeating: val[j])
                                let base = Int(idx[j]) * kb
                                for b in 0..<kb { a[b] += xv * w[base + b] }
                            }
                        }
                    }
                    // Softmax gradient p - y over the real labels; padded lanes stay 0.
                    p.withUnsafeMutableBufferPointer { pp in
                        for b in 0..<kb {
                            let lanes = a[b]
                            for l in 0..<8 { pp[b * 8 + l] = lanes[l] }
                        }
                        var m = -Float.infinity
                        for c in 0..<k {
                            pp[c] = pp[c] * s + bias[c]
                            if pp[c] > m { m = pp[c] }
                        }
                        var sum: Float = 0
                        for c in 0..<k {
                            pp[c] = cExpf(pp[c] - m)
                            sum += pp[c]
                        }
                        let inv = 1 / sum
                        for c in 0..<k { pp[c] *= inv }
                        for c in k..<(kb * 8) { pp[c] = 0 }
                        pp[Int(y[i])] -= 1
                        let weight = weights[i]
                        if weight != 1 { for c in 0..<k { pp[c] *= weight } }
                        let bstep = Float(eta)
                        for c in 0..<k { bias[c] -= bstep * pp[c] }
                        for b in 0..<kb {
                            a[b] = SIMD8<Float>(
                                pp[b * 8], pp[b * 8 + 1], pp[b * 8 + 2], pp[b * 8 + 3],
                                pp[b * 8 + 4], pp[b * 8 + 5], pp[b * 8 + 6], pp[b * 8 + 7])
                        }
                    }
                    x.indices.withUnsafeBufferPointer { idx in
                        x.values.withUnsafeBufferPointer { val in
                            for j in 0..<idx.count {
                                let f = SIMD8<Float>(repeating: step * val[j])
                                let base = Int(idx[j]) * kb
                                for b in 0..<kb { w[base + b] -= f * a[b] }
                            }
                        }
                    }
                }
            }
        }
    }

    mutating func rescale() {
        let f = SIMD8<Float>(repeating: Float(scale))
        for i in v.indices { v[i] *= f }
        scale = 1
    }

    /// The true weights (rows × classes, row-major) and bias.
    func materialized() -> ([Float], [Float]) {
        let f = Float(scale)
        let rows = v.count / max(blocks, 1)
        var out = [Float](repeating: 0, count: rows * classes)
        for r in 0..<rows {
            for c in 0..<classes { out[r * classes + c] = v[r * blocks + c / 8][c % 8] * f }
        }
        return (out, bias)
    }
}

/// The mean of the weights at the end of each epoch after the first (epoch-level Polyak
/// averaging): smoother than the last iterate, so early stopping is less noisy.
struct EpochAverage {
    var sumW: [Float] = []
    var sumB: [Float] = []
    var count = 0
    var last: ([Float], [Float]) = ([], [])
    var epochs = 0

    mutating func add(_ sgd: SGD) {
        epochs += 1
        let (w, b) = sgd.materialized()
        last = (w, b)
        guard epochs >= 2 else { return }
        if count == 0 {
            sumW = w
            sumB = b
        } else {
            for i in sumW.indices { sumW[i] += w[i] }
            for i in sumB.indices { sumB[i] += b[i] }
        }
        count += 1
    }

    func weights() -> ([Float], [Float]) {
        guard count > 0 else { return last }
        let f = 1 / Float(count)
        return (sumW.map { $0 * f }, sumB.map { $0 * f })
    }
}
