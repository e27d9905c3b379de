/// Default values written as the configuration file would hold them (`60`, `0.3`, `250`).
enum DefaultText {
    static func number(_ value: Double) -> String {
        value.plainText
    }

    static func seconds(_ duration: Duration) -> String {
        number(duration.seconds)
    }

    static func milliseconds(_ duration: Duration) -> String {
        number(duration.milliseconds)
    }
}
