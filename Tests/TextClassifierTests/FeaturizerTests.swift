import Testing

@testable import TextClassifier

@Suite struct FeaturizerTests {
    @Test func wordsAreLowerCasedAccentFoldedAndSplitOnPunctuation() {
        let words = Featurizer.words("Più BELLO, perché l'ugello—E-204!").map { String(decoding: $0.map { UInt8($0) }, as: UTF8.self) }
        #expect(words == ["piu", "bello", "perche", "l", "ugello", "e", "204"])
    }

    @Test func nonLatinLettersAreKeptLowerCased() {
        let words = Featurizer.words("ΘΕΡΜΟ Ошибка").map { String(String.UnicodeScalarView($0.compactMap(Unicode.Scalar.init))) }
        #expect(words == ["θερμο", "ошибка"])
    }

    @Test func characterNgramsStayInsideWordsPaddedWithSpaces() {
        // " ab " has 3 bigrams, 2 trigrams, 1 four-gram, no five-gram; one word, no bigram.
        let f = Featurizer(settings: FeatureSettings(bucketBits: 20, wordNgramMax: 2, charNgramMin: 2, charNgramMax: 5))
        let blocks = f.blocks(ClassifierInput(text: "ab"))
        #expect(blocks.words.count == 1)
        #expect(blocks.chars.count == 6)
        let two = f.blocks(ClassifierInput(text: "ab cd"))
        #expect(two.words.count == 3)  // two unigrams and one bigram
        #expect(two.chars.count == 12)  // no n-gram spans the space between words
    }

    @Test func sameFeaturesForSameTextAcrossCaseAndAccents() {
        let f = Featurizer(settings: FeatureSettings())
        #expect(f.blocks(ClassifierInput(text: "Perché PIÙ")) == f.blocks(ClassifierInput(text: "perche piu")))
        #expect(f.blocks(ClassifierInput(text: "nozzle clogged")) != f.blocks(ClassifierInput(text: "clogged nozzle")))
    }

    @Test func tagsAreTheirOwnFeatures() {
        let f = Featurizer(settings: FeatureSettings())
        let tagged = f.blocks(ClassifierInput(text: "hot", tags: ["pt:3d-printer"]))
        #expect(tagged.tags.count == 1)
        #expect(tagged.words == f.blocks(ClassifierInput(text: "hot")).words)
    }

    @Test func ticketFeaturesUseErrorCodePrefixesAndProductType() {
        let input = TicketFeatures.input(symptomText: "Thermal runaway", errorCode: " e-17105 ", productType: "3D-Printer")
        #expect(input.text == "Thermal runaway")
        #expect(input.tags == ["pt:3d-printer", "ec:E17105", "ec2:E1", "ec3:E17"])
        #expect(TicketFeatures.input(symptomText: "x", errorCode: "", productType: nil).tags.isEmpty)
    }

    @Test func vectorsAreL2NormalisedTFIDF() throws {
        let model = try ticketModel.get()
        let x = model.space.vector(ClassifierInput(text: "the nozzle is clogged clogged clogged", tags: ["pt:3d-printer"]))
        let norm = x.values.reduce(0) { $0 + $1 * $1 }
        #expect(abs(norm - 1) < 1e-4)
        #expect(Set(x.indices).count == x.indices.count)
        #expect(model.space.vector(ClassifierInput(text: "zzqqxxj")).indices.count < 8)  // unseen n-grams are dropped
    }

    @Test func invalidSettingsAreRefused() {
        #expect(errorCode { try FeatureSettings(bucketBits: 30).validate() } == "invalid_settings")
        #expect(errorCode { try FeatureSettings(wordNgramMax: 3).validate() } == "invalid_settings")
        #expect(errorCode { try FeatureSettings(charNgramMin: 4, charNgramMax: 2).validate() } == "invalid_settings")
        #expect(
            errorCode {
                _ = try TextClassifierTrainer.train(
                    examples: [.init(text: "a", label: "x"), .init(text: "b", label: "y")],
                    settings: TrainingSettings(validationFraction: 0.7))
            } == "invalid_settings")
    }
}
