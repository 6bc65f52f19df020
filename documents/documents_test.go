package documents

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/unicode/norm"

	"chibo/store"
)

func TestLetter(t *testing.T) {
	want := []string{"a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q",
		"r", "s", "t", "u", "v", "x", "y", "aa", "ab"}
	var got []string
	for i := range want {
		got = append(got, Letter(i))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Letter(0…%d) (-want +got):\n%s", len(want)-1, diff)
	}
	if got := Letter(-1); got != "" {
		t.Errorf("Letter(-1) = %q, want \"\"", got)
	}
	if got := Letter(23 + 23*23 - 1); got != "yy" {
		t.Errorf("Letter(551) = %q, want \"yy\"", got)
	}
	if got := Letter(23 + 23*23); got != "aaa" {
		t.Errorf("Letter(552) = %q, want \"aaa\"", got)
	}
}

func TestRoman(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{{0, ""}, {-3, ""}, {1, "I"}, {2, "II"}, {4, "IV"}, {5, "V"}, {9, "IX"}, {14, "XIV"}, {40, "XL"}, {2026, "MMXXVI"}} {
		if got := Roman(tt.n); got != tt.want {
			t.Errorf("Roman(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestDateWords(t *testing.T) {
	for _, tt := range []struct {
		d    store.Date
		want string
	}{
		{store.NewDate(2026, 3, 5), "ngày 05 tháng 3 năm 2026"},
		{store.NewDate(2026, 1, 15), "ngày 15 tháng 01 năm 2026"},
		{store.NewDate(2026, 2, 1), "ngày 01 tháng 02 năm 2026"},
		{store.NewDate(2026, 12, 9), "ngày 09 tháng 12 năm 2026"},
		{store.NewDate(2026, 10, 10), "ngày 10 tháng 10 năm 2026"},
		{store.NewDate(2026, 11, 30), "ngày 30 tháng 11 năm 2026"},
		{store.Date{}, "ngày … tháng … năm …"},
		{store.ParseDMY("31/02/2026"), "ngày … tháng … năm …"},
	} {
		if got := DateWords(tt.d); got != tt.want {
			t.Errorf("DateWords(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
	if got, want := PlaceDate("Mường Khương", sampleDate), "Mường Khương, ngày 05 tháng 3 năm 2026"; got != want {
		t.Errorf("PlaceDate = %q, want %q", got, want)
	}
	if got, want := PlaceDate(" ", sampleDate), "Ngày 05 tháng 3 năm 2026"; got != want {
		t.Errorf("PlaceDate without place = %q, want %q", got, want)
	}
}

func TestSuperiorName(t *testing.T) {
	nfd := norm.NFD.String
	for _, tt := range []struct{ office, want string }{
		{"Đảng ủy xã Mường Khương", "ĐẢNG BỘ XÃ MƯỜNG KHƯƠNG"},
		{"Đảng uỷ phường Cốc Lếu", "ĐẢNG BỘ PHƯỜNG CỐC LẾU"},
		{"ĐẢNG ỦY đặc khu Phú Quốc", "ĐẢNG BỘ ĐẶC KHU PHÚ QUỐC"},
		{"đảng ủy  xã   Nậm Có ", "ĐẢNG BỘ XÃ NẬM CÓ"},
		{nfd("Đảng ủy xã Tả Van"), "ĐẢNG BỘ XÃ TẢ VAN"},
		{"Đảng bộ xã Bản Lầu", "ĐẢNG BỘ XÃ BẢN LẦU"},
		{"Đảng ủy Công an tỉnh", "ĐẢNG BỘ CÔNG AN TỈNH"},
		{"Đảng ủyviên", "ĐẢNG ỦYVIÊN"}, // not the word "Đảng ủy"
		{"Đảng ủy", "ĐẢNG BỘ"},
		{"", ""},
	} {
		got := SuperiorName(tt.office)
		if got != tt.want {
			t.Errorf("SuperiorName(%q) = %q, want %q", tt.office, got, tt.want)
		}
		if !norm.NFC.IsNormalString(got) {
			t.Errorf("SuperiorName(%q) is not NFC", tt.office)
		}
	}
	h := HeaderFor(sampleProfile, "Số 03-BB/CB", sampleDate)
	want := Header{Superior: "ĐẢNG BỘ XÃ MƯỜNG KHƯƠNG", Issuer: "CHI BỘ BẢN LÙNG VAI", Number: "Số 03-BB/CB",
		Place: "Mường Khương", Date: sampleDate}
	if diff := cmp.Diff(want, h, cmp.Comparer(func(a, b store.Date) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("HeaderFor (-want +got):\n%s", diff)
	}
}

func TestClean(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Nguyễn Thị Thảo", "Nguyễn Thị Thảo"},
		{norm.NFD.String("Đặng Văn Đức"), "Đặng Văn Đức"},
		{"a\tb\r\nc\rd", "a b\nc\nd"},
		{"zero\u200bwidth\u202e", "zerowidth"},
		{"bad \xff byte", "bad ? byte"},
		{"emoji 😀 here", "emoji ? here"},
		{"50\u00a0%", "50\u00a0%"},
		{"bell\x07", "bell"},
	} {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, r := range "ăâđêôơưĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ“”–—…" {
		if !hasGlyph(r) {
			t.Errorf("hasGlyph(%q) = false: the embedded fonts should draw every Vietnamese letter", r)
		}
	}
	if got := Upper("chi bộ bản lùng vai ưu đãi"); got != "CHI BỘ BẢN LÙNG VAI ƯU ĐÃI" {
		t.Errorf("Upper = %q", got)
	}
}

// TestDeterministic prints the same document twice and wants the same bytes.
func TestDeterministic(t *testing.T) {
	opts := Options{Created: fixedTime, FooterText: "LUNGVAI-NQ-03", FooterQR: "sha256:0123456789abcdef"}
	var a, b bytes.Buffer
	if err := sampleResolution(opts).Write(&a); err != nil {
		t.Fatal(err)
	}
	if err := sampleResolution(opts).Write(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Errorf("two runs of the resolution differ (%d and %d bytes)", a.Len(), b.Len())
	}
	ms, evs := sampleMembers(20)
	a.Reset()
	b.Reset()
	if err := RosterBook(&a, sampleProfile, ms, evs, sampleDate, Options{Created: fixedTime}); err != nil {
		t.Fatal(err)
	}
	if err := RosterBook(&b, sampleProfile, ms, evs, sampleDate, Options{Created: fixedTime}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Errorf("two runs of the roster book differ (%d and %d bytes)", a.Len(), b.Len())
	}
	if !bytes.Contains(a.Bytes(), []byte("D:20260305090000")) {
		t.Errorf("the creation date is not the fixed one")
	}
}

// TestOddInput feeds what a secretary may type or paste; nothing may panic, and no text may
// be lost.
func TestOddInput(t *testing.T) {
	long := bytes.Repeat([]byte("chữ "), 2500) // 10,000 characters
	word := string(bytes.Repeat([]byte("x"), 5000))
	tall := string(bytes.Repeat([]byte("dòng rất dài trong ô bảng "), 600))
	d := New(Options{Created: fixedTime})
	d.Header(Header{})
	d.Title("", "", "   ")
	d.Paragraph("")
	d.Paragraph("\n\n \n")
	d.Paragraph(string(long))
	d.Paragraph(word)
	d.Paragraph("bad \xff\xfe utf-8, emoji 😀, bell \x07, NFD " + norm.NFD.String("Nguyễn"))
	d.Heading("")
	d.Item("", "")
	d.Rich()
	d.Rich(Run{}, Run{Text: "\n\n"}, Run{Text: "a\nb", Bold: true})
	d.Text(Style{Size: -4, Spacing: -1, Indent: 500, Left: 300}, Run{Text: "quá hẹp"})
	d.Table(Table{})
	d.Table(Table{Columns: []Column{{Title: ""}}})
	d.Table(Table{Columns: []Column{{Title: "A", Width: -1}, {Title: "B", Width: 0.001}},
		Rows: [][]string{{}, {"chỉ một ô"}, {"1", "2", "thừa"}, {tall, word}}})
	d.Signatures()
	d.Signatures(Signature{}, Signature{}, Signature{Title: "ủy viên"})
	d.Recipients()
	d.Recipients("", "   ")
	d.Space(1e6)
	d.PageBreak()
	var buf bytes.Buffer
	if err := d.Write(&buf); err != nil {
		t.Fatalf("Write: %v", err)
	}
	path := writeTemp(t, "odd.pdf", buf.Bytes())
	text := pdftotext(t, path, 0)
	if n := countWord(text, "chữ"); n != 2500 {
		t.Errorf("the 10,000-character paragraph printed %d of its 2,500 words", n)
	}
	if n := strings.Count(text, "x"); n < 2*5000 {
		t.Errorf("the 5,000-letter word printed %d letters in two places, want 10,000", n)
	}
	if n := countWord(text, "trong"); n != 600 {
		t.Errorf("the page-high table cell printed %d of its 600 phrases", n)
	}

	// A QR code cannot hold 4 KB: the error comes back from Write.
	d = New(Options{Created: fixedTime, FooterQR: string(bytes.Repeat([]byte("h"), 4096))})
	d.Paragraph("x")
	if err := d.Write(&bytes.Buffer{}); err == nil {
		t.Errorf("Write with a 4 KB QR code: no error")
	}
	// An empty document is one blank page.
	buf.Reset()
	if err := New(Options{Created: fixedTime}).Write(&buf); err != nil || buf.Len() == 0 {
		t.Errorf("empty document: %d bytes, %v", buf.Len(), err)
	}
	// A roster book with odd members.
	buf.Reset()
	ms := []store.Member{{}, {FullName: word, Notes: string(long), Hometown: "\xff"}}
	evs := map[string][]store.Event{"": {{Kind: store.EventDeceased}, {Kind: "nonsense", Date: sampleDate}}}
	if err := RosterBook(&buf, store.Profile{}, ms, evs, store.Date{}, Options{Created: fixedTime}); err != nil {
		t.Errorf("RosterBook with odd members: %v", err)
	}
	if err := RosterBook(&buf, sampleProfile, nil, nil, sampleDate, Options{Created: fixedTime}); err != nil {
		t.Errorf("RosterBook with no members: %v", err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Errorf("RosterBook wrote no PDF")
	}
}

var benchTime = time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)

// BenchmarkResolution prints the three-page resolution with its footer and QR code.
func BenchmarkResolution(b *testing.B) {
	opts := Options{Created: benchTime, FooterText: "LUNGVAI-NQ-03", FooterQR: "sha256:0123456789abcdef0123456789abcdef"}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		d := sampleResolution(opts)
		if err := d.Write(&buf); err != nil {
			b.Fatal(err)
		}
		if d.PageCount() != 3 {
			b.Fatalf("%d pages, want 3", d.PageCount())
		}
	}
}

// BenchmarkRosterBook prints the roster book of 45 members.
func BenchmarkRosterBook(b *testing.B) {
	ms, evs := sampleMembers(45)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := RosterBook(&buf, sampleProfile, ms, evs, sampleDate, Options{Created: benchTime}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestConcurrent prints documents from several goroutines at once (the window prints while
// the user works); they share the embedded fonts and must all come out the same.
func TestConcurrent(t *testing.T) {
	opts := Options{Created: fixedTime, FooterQR: "sha256:00"}
	var want bytes.Buffer
	if err := sampleResolution(opts).Write(&want); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 4)
	outs := make([]bytes.Buffer, 4)
	for i := range outs {
		go func() { errs <- sampleResolution(opts).Write(&outs[i]) }()
	}
	for range outs {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	for i := range outs {
		if !bytes.Equal(outs[i].Bytes(), want.Bytes()) {
			t.Errorf("document %d printed in parallel differs", i)
		}
	}
}

// FuzzText feeds arbitrary text to every block; nothing may panic or fail.
func FuzzText(f *testing.F) {
	for _, s := range []string{"", "Nguyễn Thị Thảo", "a\nb\n\n c", "\xff\xfe\xc3", strings.Repeat("x", 300),
		"😀\t\r\u200b\u0301", "Đảng ủy xã Mường Khương", "  \n  "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := New(Options{Created: fixedTime, FooterText: s})
		d.Header(Header{Superior: s, Issuer: s, Number: s, Place: s})
		d.Title(s, s)
		d.Paragraph(s)
		d.Heading(s)
		d.Item(s, s)
		d.Rich(Run{Text: s, Bold: true}, Run{Text: s, Italic: true})
		d.Table(Table{Columns: []Column{{Title: s}, {Title: s, Align: AlignCenter}}, Rows: [][]string{{s, s}}})
		d.Signatures(Signature{Authority: s, Title: s, Name: s})
		d.Recipients(s)
		if err := d.Write(io.Discard); err != nil {
			t.Fatal(err)
		}
	})
}
