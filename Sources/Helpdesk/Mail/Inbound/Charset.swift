import Foundation

/// Text in the character sets mail arrives in: UTF-8, US-ASCII, ISO-8859-1, ISO-8859-15 and
/// Windows-1252. Any other set is read as UTF-8, where bytes that are not UTF-8 become U+FFFD.
enum Charset {
    static func decode(_ bytes: some Collection<UInt8>, charset: String?) -> String {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        let name = (charset ?? "").trimmingCharacters(in: CharacterSet(charactersIn: " \t\"'")).lowercased()
        if latin1Names.contains(name) || windows1252Names.contains(name) {
            return singleByte(bytes, table: windows1252)
        } else if latin9Names.contains(name) {
            return singleByte(bytes, table: latin9)
        } else if asciiNames.contains(name) {
            // 8-bit bytes in "ASCII" text are a mislabel: usually UTF-8, otherwise a Windows code page.
            return String(validating: bytes, as: UTF8.self) ?? singleByte(bytes, table: windows1252)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let asciiNames: Set = ["", "us-ascii", "ascii", "us", "ansi_x3.4-1968", "iso646-us", "csascii"]
    private static let latin1Names: Set = [
        "iso-8859-1", "iso8859-1", "iso_8859-1", "iso_8859-1:1987", "latin1", "latin-1", "l1", "cp819", "ibm819",
        "iso-ir-100", "csisolatin1",
    ]
    private static let windows1252Names: Set = ["windows-1252", "cp1252", "x-cp1252", "win-1252", "cp-1252"]
    private static let latin9Names: Set = [
        "iso-8859-15", "iso8859-15", "iso_8859-15", "latin9", "latin-9", "l9", "csisolatin9", "latin0",
    ]

    /// Bytes that map to a code point other than their own value; every other byte is the Latin-1
    /// character of that value.
    private static func singleByte(_ bytes: some Collection<UInt8>, table: [UInt8: Unicode.Scalar]) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            scalars.append(table[byte] ?? Unicode.Scalar(byte))
        }
        return String(scalars)
    }

    /// Windows-1252 differs from Latin-1 in 0x80-0x9F, where Latin-1 has C1 control characters. ISO-8859-1
    /// is read this way too, as browsers do: senders that say Latin-1 often write Windows-1252, and a C1
    /// control is never what they meant. The five unassigned bytes become U+FFFD.
    private static let windows1252: [UInt8: Unicode.Scalar] = [
        0x80: "\u{20AC}", 0x81: "\u{FFFD}", 0x82: "\u{201A}", 0x83: "\u{0192}", 0x84: "\u{201E}", 0x85: "\u{2026}",
        0x86: "\u{2020}", 0x87: "\u{2021}", 0x88: "\u{02C6}", 0x89: "\u{2030}", 0x8A: "\u{0160}", 0x8B: "\u{2039}",
        0x8C: "\u{0152}", 0x8D: "\u{FFFD}", 0x8E: "\u{017D}", 0x8F: "\u{FFFD}", 0x90: "\u{FFFD}", 0x91: "\u{2018}",
        0x92: "\u{2019}", 0x93: "\u{201C}", 0x94: "\u{201D}", 0x95: "\u{2022}", 0x96: "\u{2013}", 0x97: "\u{2014}",
        0x98: "\u{02DC}", 0x99: "\u{2122}", 0x9A: "\u{0161}", 0x9B: "\u{203A}", 0x9C: "\u{0153}", 0x9D: "\u{FFFD}",
        0x9E: "\u{017E}", 0x9F: "\u{0178}",
    ]

    /// ISO-8859-15 replaces eight Latin-1 characters, among them the euro sign.
    private static let latin9: [UInt8: Unicode.Scalar] = [
        0xA4: "\u{20AC}", 0xA6: "\u{0160}", 0xA8: "\u{0161}", 0xB4: "\u{017D}", 0xB8: "\u{017E}", 0xBC: "\u{0152}",
        0xBD: "\u{0153}", 0xBE: "\u{0178}",
    ]
}
