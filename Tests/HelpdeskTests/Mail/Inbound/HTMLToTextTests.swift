import Testing

@testable import Helpdesk

@Suite("HTML bodies made plain text")
struct HTMLToTextTests {
    @Test(
        "Known documents become the text a reader sees",
        arguments: [
            ("<p>One</p><p>Two</p>", "One\nTwo"),
            ("a<br>b<br/><br />c", "a\nb\n\nc"),
            ("<div>x</div><div><br></div><div>y</div>", "x\n\ny"),
            ("<h1>Title</h1>text<h2>Sub</h2>more", "Title\ntext\nSub\nmore"),
            ("<ul><li>one</li><li> two </li></ul>after", "- one\n- two\nafter"),
            ("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc"),
            ("<a href=\"https://x.org/a?b=1&amp;c=2\">the docs</a>", "the docs (https://x.org/a?b=1&c=2)"),
            ("<a href='https://x.org/'>https://x.org</a>", "https://x.org"),
            ("<a href=mailto:ann@x.org>ann@x.org</a>", "ann@x.org"),
            ("<a href=\"#top\">top</a> <a href=\"javascript:go()\">go</a> <a href=\"x\"></a>", "top go"),
            ("&amp; &lt; &gt; &quot; &apos; &copy; &#65;&#x42;&#X43; &unknown; & ;", "& < > \" ' © ABC &unknown; & ;"),
            ("&#0; &#xD800; &#99999999;", "\u{FFFD} \u{FFFD} \u{FFFD}"),
            ("  lots   of \n\t white   space  ", "lots of white space"),
            ("a&nbsp;&nbsp;b", "a b"),
            ("<p>a</p><p><o:p>&nbsp;</o:p></p><p>b</p>", "a\n\nb"),
            ("<p>a</p><br><br><br><br><p>b</p>", "a\n\nb"),
            ("<head><title>T</title><style>p{}</style></head><body>Body</body>", "Body"),
            ("<html><head><meta charset=utf-8><body>No end of head</body>", "No end of head"),
            ("x<!-- hidden -->y<!---->z<!-->w", "xyzw"),
            ("<!DOCTYPE html><?xml version=\"1.0\"?><![if !supportLists]>1.<![endif]>", "1."),
            ("5 < 6 and 7 > 3", "5 < 6 and 7 > 3"),
            ("<b title=\"a > b\">bold</b>", "bold"),
            ("<p class=\"unterminated>text", "text"),
            ("Grüße <i>aus</i> Köln ☃", "Grüße aus Köln ☃"),
            ("", ""),
        ])
    func known(html: String, text: String) {
        #expect(HTMLToText.convert(html) == text)
    }

    @Test(
        "Scripts, styles and comments never show, in any letter case, closed or not",
        arguments: [
            "<script>alert(1)</script>", "<SCRIPT type=\"text/javascript\">alert(1)</SCRIPT >",
            "<script>document.write('</scr' + 'ipt>'); alert(1)</script>",
            "<style>body{background:url(alert(1))}</style>",
            "<!-- <script>alert(1)</script> -->", "<script src=x>alert(1)", "<head><script>alert(1)</script></head>",
            "<img src=x onerror=\"alert(1)\">", "<svg onload=alert(1)>", "<xml><alert(1)/></xml>",
        ])
    func hidden(html: String) {
        let text = HTMLToText.convert("before " + html + " after")
        #expect(!text.contains("alert"), "\(text)")
        #expect(!text.contains("<"), "\(text)")
        #expect(text.hasPrefix("before"))
    }

    @Test("Seeded random markup converts without markup left over, and fast")
    func randomMarkup() {
        var random = SplitMix64(seed: SplitMix64.fuzzSeed)
        let pieces = [
            "<", ">", "</", "<p>", "</p>", "<br>", "<a href=\"", "\">", "</a>", "<script>", "</script>", "<!--", "-->",
            "<head>", "&", "&#", "&#x", "9", ";", "amp", "\"", "'", "=", " ", "\n", "text", "é", "<li>", "<style",
            "<!", "<?", "&nbsp;", "\u{0}",
        ]
        for _ in 0..<SplitMix64.fuzzCases(default: 1000) {
            let count = Int.random(in: 0..<60, using: &random)
            let html = (0..<count).map { _ in pieces.randomElement(using: &random) ?? "" }.joined()
            let text = HTMLToText.convert(html)
            #expect(!text.contains("\u{0}"))
            #expect(
                !text.contains("<script") && !text.contains("<p>"),
                "\(html.debugDescription) → \(text.debugDescription)")
        }
        let big =
            String(repeating: "<head><a href=\"x\">y", count: 20_000) + String(repeating: "&#x41;<br>", count: 20_000)
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = HTMLToText.convert(big) }
        #expect(elapsed < .seconds(20), "\(elapsed)")
    }
}
