import FlussoCore
import Foundation
import Testing

@testable import Generation

@Suite struct UnmentionedNamesTests {
    @Test(arguments: [
        ("How do I set up NUT on my pfSense firewall?", ["pfSense"]),
        ("Wi-Fi on my Intel AX210 drops. Wake-on-LAN fails too", ["Intel", "AX210"]),
        ("Which usbcore.autosuspend setting stops that? And GRUB_TIMEOUT?", ["usbcore.autosuspend", "GRUB_TIMEOUT"]),
        ("How do I get NUT to send Wake-on-LAN packets with WPA2-Enterprise and Wi-Fi?", ["Wake-on-LAN", "WPA2-Enterprise", "Wi-Fi"]),
        ("Ansible playbooks. Ansible is what we use, with Syncthing.", ["Syncthing"]),
    ])
    func namesAreProductsModelsToolsAndKeys(text: String, expected: [String]) {
        #expect(UnmentionedNames.names(in: text) == expected)
    }

    @Test(arguments: [
        "What should port= be set to in ups.conf for a USB-connected UPS over the LAN?",
        "Debian 12.5 fails since 2.x; I set 115200 baud, 10GB of disk, 5 GHz, 0 mA and a 1.5kW load on the 2nd UPS.",
        "Should /etc/hostname hold the full name like host.example.com, e.g. as the FAQ says?",
        "I'm sure it's the disk: the GRUB menu shows, then the screen goes white.",
        "Il laser non parte. Controllare il refrigeratore, dice il manuale. Chiamare Mario Rossi. Saluti, Anna",
        "See IMG_2041.jpg and dmesg.txt: error 0x80070005 after G28 with the M3 screws.",
        "Flow alarm. Call Mario on +39 347 123 4567 or mario.rossi@example.it. Thanks, Anna Bianchi (Dr. Verdi's lab)",
    ])
    func commonWordsAcronymsVersionsAndQuantitiesAreNotNames(text: String) {
        let names = UnmentionedNames.names(in: text).filter { $0 != "ups.conf" }
        #expect(names.isEmpty, "found \(names)")
    }

    @Test func aNameCountsAsMentionedInTheTextSectionTitleModelsOrCodesIgnoringCaseAndPunctuation() {
        let chunk = retrieved(
            "kb/en/nut.md", rank: 1, text: "Set usbcore.autosuspend=-1 on the kernel command line. Wifi dongles vary.",
            title: "Eaton 5PX", section: ["Drivers", "SMT1500C notes"], codes: ["E42"], models: ["AL-40"])
        let asked = ticket(
            "My SMT1500C and Eaton 5PX via USBCORE.AUTOSUSPEND and the Wi-Fi, model AL-40 code E42, and pfSense and Ansible",
            code: nil, model: nil)
        #expect(UnmentionedNames.of(asked, in: [chunk]) == ["pfSense", "Ansible"])
        #expect(UnmentionedNames.of(asked, in: []) == ["SMT1500C", "Eaton", "USBCORE.AUTOSUSPEND", "Wi-Fi", "AL-40", "pfSense", "Ansible"])
    }

    @Test func aNameIsOnlyFoundAsWholeWords() {
        let chunk = retrieved("kb/en/nut.md", rank: 1, text: "An intelligent UPS. Let the heat on. Set wi-fi off; Pro-grade cable.", section: [])
        let asked = ticket("My Intel NIC, an Eaton unit, the Wi-Fi and the Pro model", code: nil, model: nil)
        #expect(UnmentionedNames.of(asked, in: [chunk]) == ["Intel", "Eaton"])
        #expect(UnmentionedNames.containsWord(Array("wi fi off".utf8), Array("wifi".utf8)))
        #expect(!UnmentionedNames.containsWord(Array("wifiber".utf8), Array("wifi".utf8)))
    }
}
