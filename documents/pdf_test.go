package documents

import (
	"bytes"
	"html"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/skip2/go-qrcode"
)

// These tests print real PDFs and read them back with poppler-utils (pdftotext, pdffonts,
// pdfinfo), as a reader's PDF viewer would.

// A4 in points.
const (
	a4Short = 595.28
	a4Long  = 841.89
	mmToPt  = 72 / 25.4
)

// poppler runs a poppler-utils program and returns its standard output; the test is skipped
// when the program is not installed.
func poppler(t *testing.T, name string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s is not installed (Debian: poppler-utils)", name)
	}
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("%s %s: %v %s", name, strings.Join(args, " "), err, msg)
	}
	return string(out)
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// render writes d into a temporary file and returns its path.
func render(t *testing.T, d *Doc, name string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := d.Write(&buf); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return writeTemp(t, name, buf.Bytes())
}

// pdftotext extracts the text of one page (0: all pages) with its layout.
func pdftotext(t *testing.T, path string, page int) string {
	t.Helper()
	args := []string{"-layout", "-enc", "UTF-8"}
	if page > 0 {
		args = append(args, "-f", strconv.Itoa(page), "-l", strconv.Itoa(page))
	}
	return poppler(t, "pdftotext", append(args, path, "-")...)
}

// bline is a line of text as pdftotext -bbox-layout finds it, in points from the top left.
type bline struct {
	text                   string
	xMin, yMin, xMax, yMax float64
}

func (l bline) centreX() float64 { return (l.xMin + l.xMax) / 2 }

var (
	lineRE = regexp.MustCompile(`(?s)<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>`)
	wordRE = regexp.MustCompile(`<word[^>]*>(.*?)</word>`)
)

// bboxLines returns the text lines of a page with their boxes.
func bboxLines(t *testing.T, path string, page int) []bline {
	t.Helper()
	out := poppler(t, "pdftotext", "-bbox-layout", "-enc", "UTF-8", "-f", strconv.Itoa(page), "-l", strconv.Itoa(page), path, "-")
	var lines []bline
	for _, m := range lineRE.FindAllStringSubmatch(out, -1) {
		var words []string
		for _, w := range wordRE.FindAllStringSubmatch(m[5], -1) {
			words = append(words, html.UnescapeString(w[1]))
		}
		f := func(s string) float64 { v, _ := strconv.ParseFloat(s, 64); return v }
		lines = append(lines, bline{strings.Join(words, " "), f(m[1]), f(m[2]), f(m[3]), f(m[4])})
	}
	return lines
}

// bboxWords returns the words of a page with their boxes; of a word printed more than once,
// the first.
func bboxWords(t *testing.T, path string, page int) map[string]bline {
	t.Helper()
	out := poppler(t, "pdftotext", "-bbox", "-enc", "UTF-8", "-f", strconv.Itoa(page), "-l", strconv.Itoa(page), path, "-")
	re := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>`)
	words := map[string]bline{}
	for _, m := range re.FindAllStringSubmatch(out, -1) {
		f := func(s string) float64 { v, _ := strconv.ParseFloat(s, 64); return v }
		w := html.UnescapeString(m[5])
		if _, seen := words[w]; !seen {
			words[w] = bline{w, f(m[1]), f(m[2]), f(m[3]), f(m[4])}
		}
	}
	return words
}

// findLine returns the first line whose text starts with prefix.
func findLine(t *testing.T, lines []bline, prefix string) bline {
	t.Helper()
	for _, l := range lines {
		if strings.HasPrefix(l.text, prefix) {
			return l
		}
	}
	var all []string
	for _, l := range lines {
		all = append(all, l.text)
	}
	t.Fatalf("no line starting %q among:\n%s", prefix, strings.Join(all, "\n"))
	return bline{}
}

// pageSize reads the size of a page, in points, from pdfinfo.
func pageSize(t *testing.T, path string, page int) (w, h float64) {
	t.Helper()
	out := poppler(t, "pdfinfo", "-f", strconv.Itoa(page), "-l", strconv.Itoa(page), path)
	m := regexp.MustCompile(`Page +\d+ size: +([\d.]+) x ([\d.]+) pts`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo gave no page size:\n%s", out)
	}
	w, _ = strconv.ParseFloat(m[1], 64)
	h, _ = strconv.ParseFloat(m[2], 64)
	return w, h
}

func pageCount(t *testing.T, path string) int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^Pages: +(\d+)`).FindStringSubmatch(poppler(t, "pdfinfo", path))
	if m == nil {
		t.Fatal("pdfinfo gave no page count")
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// checkFonts wants every font of the file embedded, and only the document's own family.
func checkFonts(t *testing.T, path string) {
	t.Helper()
	out := poppler(t, "pdffonts", path)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 3 {
		t.Fatalf("pdffonts lists no font:\n%s", out)
	}
	// The columns: name, type (two words), encoding, emb, sub, uni, object, id.
	for _, l := range lines[2:] {
		f := strings.Fields(l)
		if len(f) < 8 {
			t.Errorf("pdffonts line %q: too few columns", l)
			continue
		}
		emb := f[len(f)-5]
		if emb != "yes" {
			t.Errorf("font %s is not embedded (emb %s)", f[0], emb)
		}
		if !strings.Contains(f[0], family) {
			t.Errorf("font %s is not the embedded Liberation Serif", f[0])
		}
	}
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// countWord counts the whole-word occurrences of w in text.
func countWord(text, w string) int {
	n := 0
	for _, f := range strings.Fields(text) {
		if strings.Trim(f, ",.;:()") == w {
			n++
		}
	}
	return n
}

// uncompressed prints d without stream compression, so its drawing operators can be read.
func uncompressed(t *testing.T, d *Doc) string {
	t.Helper()
	d.pdf.SetCompression(false)
	var buf bytes.Buffer
	if err := d.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// hrule is a horizontal line drawn on a page, in points from the top left.
type hrule struct{ x1, x2, y float64 }

var lineOpRE = regexp.MustCompile(`([\d.]+) ([\d.]+) m ([\d.]+) ([\d.]+) l S`)

// firstPageRules returns the horizontal lines drawn on the first page of an uncompressed PDF.
func firstPageRules(t *testing.T, pdf string, pageH float64) []hrule {
	t.Helper()
	// The first content stream is the first page's.
	start := strings.Index(pdf, "stream\n")
	end := strings.Index(pdf[start:], "endstream")
	if start < 0 || end < 0 {
		t.Fatal("no content stream in the PDF")
	}
	var out []hrule
	for _, m := range lineOpRE.FindAllStringSubmatch(pdf[start:start+end], -1) {
		var v [4]float64
		for i := range v {
			v[i], _ = strconv.ParseFloat(m[i+1], 64)
		}
		if near(v[1], v[3], 0.01) {
			out = append(out, hrule{min(v[0], v[2]), max(v[0], v[2]), pageH - v[1]})
		}
	}
	return out
}

func TestResolutionPDF(t *testing.T) {
	opts := Options{Created: fixedTime, FooterText: "LUNGVAI-NQ-03/2026", FooterQR: "sha256:3f9a1c0e8b7d6a5f"}
	path := render(t, sampleResolution(opts), "nghi-quyet.pdf")

	if n := pageCount(t, path); n != 3 {
		t.Errorf("%d pages, want 3", n)
	}
	for p := 1; p <= 3; p++ {
		w, h := pageSize(t, path, p)
		if math.Round(w) != 595 || math.Round(h) != 842 {
			t.Errorf("page %d is %.2f x %.2f pts, want A4 portrait 595 x 842", p, w, h)
		}
	}
	checkFonts(t, path)

	page1 := pdftotext(t, path, 1)
	for _, want := range []string{
		"ĐẢNG BỘ XÃ MƯỜNG KHƯƠNG", "ĐẢNG CỘNG SẢN VIỆT NAM", "CHI BỘ BẢN LÙNG VAI", "*",
		"Số 03-NQ/CB", "Mường Khương, ngày 05 tháng 3 năm 2026", "NGHỊ QUYẾT",
		"Lãnh đạo thực hiện nhiệm vụ tháng 3 năm 2026", "I. KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT THÁNG TRƯỚC",
		"LUNGVAI-NQ-03/2026",
	} {
		if !strings.Contains(page1, want) {
			t.Errorf("page 1 lacks %q:\n%s", want, page1)
		}
	}
	all := pdftotext(t, path, 0)
	for i := range 8 {
		want := Letter(i) + ") Nhiệm vụ thứ " + strconv.Itoa(i+1) + ":"
		if !strings.Contains(all, want) {
			t.Errorf("the text lacks the item %q", want)
		}
	}
	for _, want := range []string{"Nơi nhận:", "- Lưu hồ sơ chi bộ.", "T/M CHI ỦY", "BÍ THƯ", "Giàng Seo Páo", "41/41"} {
		if !strings.Contains(all, want) {
			t.Errorf("the text lacks %q", want)
		}
	}
	// The table runs over pages 1 and 2; its header row is on both.
	headerRow := regexp.MustCompile(`(?m)^\s*TT\s+Nhiệm vụ\s+Kết quả\s*$`)
	if n := len(headerRow.FindAllString(all, -1)); n != 2 {
		t.Errorf("the table header row is printed %d times, want 2 (pages 1 and 2)", n)
	}
	if !headerRow.MatchString(pdftotext(t, path, 2)) {
		t.Errorf("page 2 does not repeat the table header")
	}

	// Positions on page 1.
	lines := bboxLines(t, path, 1)
	centre := a4Short / 2
	nat := findLine(t, lines, "ĐẢNG CỘNG SẢN VIỆT NAM")
	issuer := findLine(t, lines, "CHI BỘ BẢN LÙNG VAI")
	superior := findLine(t, lines, "ĐẢNG BỘ XÃ MƯỜNG KHƯƠNG")
	pd := findLine(t, lines, "Mường Khương, ngày 05")
	number := findLine(t, lines, "Số 03-NQ/CB")
	if nat.xMin <= centre {
		t.Errorf("the party heading starts at x=%.1f, want it in the right half (> %.1f)", nat.xMin, centre)
	}
	if issuer.xMax >= centre || superior.xMax >= centre {
		t.Errorf("issuer ends at x=%.1f and superior at %.1f, want both in the left half (< %.1f)", issuer.xMax, superior.xMax, centre)
	}
	if !near(superior.yMin, nat.yMin, 3) {
		t.Errorf("superior (y=%.1f) and party heading (y=%.1f) are not on one line", superior.yMin, nat.yMin)
	}
	if !near(issuer.centreX(), superior.centreX(), 1) || !near(number.centreX(), issuer.centreX(), 1) {
		t.Errorf("the left column is not centred on one axis: %.1f, %.1f, %.1f", superior.centreX(), issuer.centreX(), number.centreX())
	}
	if pd.centreX() <= centre || pd.xMin <= issuer.xMax {
		t.Errorf("the place-and-date line spans x=%.1f…%.1f, want it right of the centre and of the issuer", pd.xMin, pd.xMax)
	}
	if !near(pd.yMin, number.yMin, 1) {
		t.Errorf("the number (y=%.1f) and the place-and-date (y=%.1f) are not on one line", number.yMin, pd.yMin)
	}
	if nat.yMin < marginTop*mmToPt-1 {
		t.Errorf("the heading starts at y=%.1f, inside the top margin", nat.yMin)
	}
	if issuer.xMin < marginLeft*mmToPt-0.5 || nat.xMax > a4Short-marginRight*mmToPt+0.5 {
		t.Errorf("the heading leaves the margins: %.1f … %.1f", issuer.xMin, nat.xMax)
	}

	// The rule under the party heading is as wide as the heading, and the place and date
	// are below it.
	rules := firstPageRules(t, uncompressed(t, sampleResolution(opts)), a4Long)
	var rule *hrule
	for i, r := range rules {
		if r.y > nat.yMin && r.y < pd.yMin && r.x1 > centre {
			rule = &rules[i]
		}
	}
	if rule == nil {
		t.Fatalf("no rule between the party heading and the place-and-date line among %v", rules)
	}
	if !near(rule.x1, nat.xMin, 1) || !near(rule.x2, nat.xMax, 1) {
		t.Errorf("the rule spans %.1f…%.1f, the heading %.1f…%.1f: want the same width", rule.x1, rule.x2, nat.xMin, nat.xMax)
	}
	if pd.yMin <= rule.y {
		t.Errorf("the place-and-date line (y=%.1f) is not below the rule (y=%.1f)", pd.yMin, rule.y)
	}

	// The page number: on page 2 and 3, centred in the top margin; none on page 1.
	for _, l := range lines {
		if l.yMax < marginTop*mmToPt {
			t.Errorf("page 1 has %q in the top margin", l.text)
		}
	}
	for p := 2; p <= 3; p++ {
		found := false
		for _, l := range bboxLines(t, path, p) {
			if l.text == strconv.Itoa(p) && l.yMax < marginTop*mmToPt {
				found = true
				textCentre := (marginLeft + (210-marginRight-marginLeft)/2) * mmToPt
				if !near(l.centreX(), textCentre, 2) {
					t.Errorf("page number %d at x=%.1f, want centred at %.1f", p, l.centreX(), textCentre)
				}
			}
		}
		if !found {
			t.Errorf("page %d has no page number in the top margin", p)
		}
	}
	if first := strings.SplitN(strings.TrimSpace(pdftotext(t, path, 2)), "\n", 2)[0]; strings.TrimSpace(first) != "2" {
		t.Errorf("page 2 starts with %q, want its number", first)
	}

	// The closing: recipients on the left, the signature on the right, their tops level.
	last := bboxLines(t, path, 3)
	rec := findLine(t, last, "Nơi nhận:")
	auth := findLine(t, last, "T/M CHI ỦY")
	name := findLine(t, last, "Giàng Seo Páo")
	if rec.xMax >= centre || auth.xMin <= centre || name.xMin <= centre {
		t.Errorf("closing: recipients end at %.1f, signature starts at %.1f: want them either side of %.1f", rec.xMax, auth.xMin, centre)
	}
	if !near(rec.yMin, auth.yMin, 3) {
		t.Errorf("recipients (y=%.1f) and signature (y=%.1f) do not start level", rec.yMin, auth.yMin)
	}
	if name.yMin-auth.yMax < 20*mmToPt {
		t.Errorf("only %.1f pt left to sign", name.yMin-auth.yMax)
	}
	// The footer code is on every page.
	for p := 1; p <= 3; p++ {
		if !strings.Contains(pdftotext(t, path, p), "LUNGVAI-NQ-03/2026") {
			t.Errorf("page %d lacks the footer code", p)
		}
	}
	checkQR(t, path, 3, opts.FooterQR)
}

// checkQR wants the QR code of content printed once on each of the pages: pdfimages takes the
// images out, and each module of the first is compared with the code qrcode makes.
func checkQR(t *testing.T, path string, pages int, content string) {
	t.Helper()
	if _, err := exec.LookPath("pdfimages"); err != nil {
		t.Log("pdfimages is not installed: the QR code is not checked")
		return
	}
	out := poppler(t, "pdfimages", "-list", path)
	if n := strings.Count(out, "\n") - 2; n != pages {
		t.Errorf("pdfimages lists %d images, want the QR code on each of %d pages:\n%s", n, pages, out)
	}
	prefix := filepath.Join(t.TempDir(), "img")
	poppler(t, "pdfimages", "-png", "-f", "1", "-l", "1", path, prefix)
	f, err := os.Open(prefix + "-000.png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	q, err := qrcode.New(content, qrcode.Medium)
	if err != nil {
		t.Fatal(err)
	}
	q.DisableBorder = true
	want := q.Bitmap()
	b := img.Bounds()
	if b.Dx() != len(want)*8 || b.Dy() != len(want)*8 {
		t.Fatalf("the QR image is %dx%d pixels, want %d modules of 8", b.Dx(), b.Dy(), len(want))
	}
	bad := 0
	for y, row := range want {
		for x, black := range row {
			r, _, _, _ := img.At(b.Min.X+x*8+4, b.Min.Y+y*8+4).RGBA()
			if (r < 0x8000) != black {
				bad++
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d modules of the printed QR code differ from the code of %q", bad, content)
	}
}

// TestMinutesSignatures checks the two-column signature block of the minutes.
func TestMinutesSignatures(t *testing.T) {
	d := sampleMinutes(Options{Created: fixedTime})
	path := render(t, d, "bien-ban.pdf")
	lines := bboxLines(t, path, 1)
	centre := a4Short / 2
	secretary, chair := findLine(t, lines, "THƯ KÝ"), findLine(t, lines, "CHỦ TRÌ")
	nameS, nameC := findLine(t, lines, "Lò Thị Ánh"), findLine(t, lines, "Giàng Seo Páo")
	if secretary.xMax >= centre || chair.xMin <= centre || nameS.xMax >= centre || nameC.xMin <= centre {
		t.Errorf("THƯ KÝ must be left and CHỦ TRÌ right: %+v %+v", secretary, chair)
	}
	if !near(secretary.yMin, chair.yMin, 1) || !near(nameS.yMin, nameC.yMin, 1) {
		t.Errorf("the two signature blocks are not level")
	}
	if !near(secretary.centreX(), nameS.centreX(), 1) {
		t.Errorf("the secretary's name is not centred under the title")
	}
	if text := pdftotext(t, path, 1); !strings.Contains(text, "BIÊN BẢN") || !strings.Contains(text, "Số 03-BB/CB") {
		t.Errorf("page 1 lacks the title or number:\n%s", text)
	}
}

func TestRosterBookPDF(t *testing.T) {
	ms, evs := sampleMembers(45)
	var buf bytes.Buffer
	if err := RosterBook(&buf, sampleProfile, ms, evs, sampleDate, Options{Created: fixedTime}); err != nil {
		t.Fatal(err)
	}
	path := writeTemp(t, "so-danh-sach.pdf", buf.Bytes())
	n := pageCount(t, path)
	if n < 2 {
		t.Fatalf("%d pages for 45 members", n)
	}
	for p := 1; p <= n; p++ {
		w, h := pageSize(t, path, p)
		if math.Round(w) != 842 || math.Round(h) != 595 {
			t.Errorf("page %d is %.2f x %.2f pts, want A4 landscape 842 x 595", p, w, h)
		}
	}
	checkFonts(t, path)

	page1 := pdftotext(t, path, 1)
	for _, want := range []string{"ĐẢNG BỘ XÃ MƯỜNG KHƯƠNG", "ĐẢNG CỘNG SẢN VIỆT NAM", "CHI BỘ BẢN LÙNG VAI",
		"Mường Khương, ngày 05 tháng 3 năm 2026", "SỔ DANH SÁCH ĐẢNG VIÊN", "Mẫu 7-HSĐV"} {
		if !strings.Contains(page1, want) {
			t.Errorf("page 1 lacks %q", want)
		}
	}
	// Every page carries the column headers and their numbers (1)…(14).
	for p := 1; p <= n; p++ {
		text := pdftotext(t, path, p)
		for _, want := range []string{"Họ và tên", "Quê quán", "Ghi chú", "(1)", "(7)", "(14)"} {
			if !strings.Contains(text, want) {
				t.Errorf("page %d lacks the header %q", p, want)
			}
		}
		hasNumber := false
		for _, l := range bboxLines(t, path, p) {
			if l.text == strconv.Itoa(p) && l.yMax < 15*mmToPt {
				hasNumber = true
			}
		}
		if hasNumber != (p > 1) {
			t.Errorf("page %d: page number shown = %v, want %v", p, hasNumber, p > 1)
		}
	}
	// The column numbers sit in the middle of their columns: (1) in the 7 mm of "Số TT".
	words := bboxWords(t, path, 1)
	one, two := words["(1)"], words["(2)"]
	if want := (20 + 3.5) * mmToPt; !near(one.centreX(), want, 1.5) {
		t.Errorf("(1) is centred at x=%.1f, want %.1f (the middle of the first column)", one.centreX(), want)
	}
	if want := (20 + 7 + 15) * mmToPt; !near(two.centreX(), want, 1.5) {
		t.Errorf("(2) is centred at x=%.1f, want %.1f (the middle of the second column)", two.centreX(), want)
	}

	// Members in the order given, each once.
	all := pdftotext(t, path, 0)
	pos := -1
	for i, m := range ms {
		at := strings.Index(all, m.FullName)
		if at < 0 {
			t.Errorf("member %d %q is missing", i+1, m.FullName)
			continue
		}
		if at < pos {
			t.Errorf("member %d %q is out of order", i+1, m.FullName)
		}
		if strings.Count(all, m.FullName) != 1 {
			t.Errorf("member %q is printed %d times", m.FullName, strings.Count(all, m.FullName))
		}
		pos = at
	}
	// Columns 10 to 13 from the events; an event after the date of the book is left out.
	for _, want := range []string{"20/11/2025", "Pha Long", "03/02/2026", "Bản Lầu",
		"02/12/2025", "Bệnh tuổi", "15/01/2026", "Khai trừ", "HH 30 năm", "(A Sử)", "Bộ đội", "Hưu trí"} {
		if !strings.Contains(all, want) {
			t.Errorf("the roster book lacks %q", want)
		}
	}
	if strings.Contains(all, "Xóa tên") || strings.Contains(all, "01/04/2026") {
		t.Errorf("the roster book shows an event dated after its date")
	}
}
