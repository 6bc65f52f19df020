package vntext

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"golang.org/x/text/unicode/norm"
)

func TestNFC(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"decomposed", norm.NFD.String("Nguyễn Thị Thảo"), "Nguyễn Thị Thảo"},
		{"spaces", "  Nguyễn \t Thị\n\nThảo  ", "Nguyễn Thị Thảo"},
		{"no-break space", "Lò\u00a0Văn\u2003Pằn", "Lò Văn Pằn"},
		{"already clean", "Giàng A Páo", "Giàng A Páo"},
		{"mark after trimmed space", "a\u0301 ", "á"},
		{"blank", " \t ", ""},
		{"empty", "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := NFC(tt.in)
			if got != tt.want {
				t.Errorf("NFC(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if !norm.NFC.IsNormalString(got) {
				t.Errorf("NFC(%q) = %q is not in NFC", tt.in, got)
			}
		})
	}
}

func TestFold(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Nguyễn Thị Thảo", "nguyen thi thao"},
		{"Đặng", "dang"},
		{"ĐẶNG VĂN HẢI", "dang van hai"},
		{"  Đặng   Văn\tHải \n", "dang van hai"},
		{norm.NFD.String("Lò Văn Pằn"), "lo van pan"},
		{"Ư ơ ă â ê ô ư Ơ Ă Â Ê Ô", "u o a a e o u o a a e o"},
		{"ạ ả ấ ầ ẩ ẫ ậ ắ ằ ẳ ẵ ặ ẹ ẻ ẽ ế ề ể ễ ệ", "a a a a a a a a a a a a e e e e e e e e"},
		{"ỉ ị ọ ỏ ố ồ ổ ỗ ộ ớ ờ ở ỡ ợ ụ ủ ứ ừ ử ữ ự ỳ ỵ ỷ ỹ ý", "i i o o o o o o o o o o o o u u u u u u u y y y y y"},
		{"H'Mông", "h'mong"},
		{"ÐẶNG", "dang"}, // U+00D0 from legacy converters
		{"ABC 123", "abc 123"},
		{"already folded", "already folded"},
		{"Ελένη", "ελενη"}, // outside the tables: the general path
		{"", ""},
		{" ", ""},
		{"\u0301", ""},
		{"a \u0301 b", "a b"},
	} {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// refFold is Fold's definition written independently of the package.
func refFold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		switch r {
		case 'đ', 'Đ', 'Ð', 'ð':
			r = 'd'
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// TestFoldAgreesWithDefinition checks the table-driven path against the definition for every
// rune the tables cover, alone and next to others.
func TestFoldAgreesWithDefinition(t *testing.T) {
	var inputs []string
	for r := rune(0); r < 0x370; r++ {
		inputs = append(inputs, string(r), "X"+string(r)+" y", " "+string(r)+"ĐẠ")
	}
	for r := rune(0x1E00); r < 0x1F00; r++ {
		inputs = append(inputs, string(r), "Tr"+string(r)+"n  V"+string(r))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("aAđĐeÊơƯ \t\u00a0\u0301\u0323ẠỹỸÐ'-xZ0\u00e6\u00df")
	for range 2000 {
		rs := make([]rune, rng.IntN(12))
		for i := range rs {
			rs[i] = alphabet[rng.IntN(len(alphabet))]
		}
		inputs = append(inputs, string(rs))
	}
	for _, in := range inputs {
		if got, want := Fold(in), refFold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"Nguyễn Thị Thảo", "ĐẶNG  văn", norm.NFD.String("Lò Văn Pằn"), "\xff\xfe", "Ελένη", " a\u0301 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Fold(s), refFold(s); got != want {
			t.Errorf("Fold(%q) = %q, want %q", s, got, want)
		}
	})
}

func TestFoldDoesNotAllocateWhenFolded(t *testing.T) {
	s := "nguyen thi thao"
	if n := testing.AllocsPerRun(100, func() { Fold(s) }); n != 0 {
		t.Errorf("Fold(%q) allocates %v times, want 0", s, n)
	}
	u := "Nguyễn Thị Thảo"
	if n := testing.AllocsPerRun(100, func() { Fold(u) }); n > 1 {
		t.Errorf("Fold(%q) allocates %v times, want at most 1", u, n)
	}
}

func TestSplitName(t *testing.T) {
	for _, tt := range []struct{ in, given, rest string }{
		{"Nguyễn Thị Thảo", "Thảo", "Nguyễn Thị"},
		{"Giàng A Páo", "Páo", "Giàng A"},
		{"  Lò   Văn  Pằn ", "Pằn", "Lò Văn"},
		{"Thảo", "Thảo", ""},
		{"Tôn Nữ Thị Hà", "Hà", "Tôn Nữ Thị"},
		{"", "", ""},
		{" \t", "", ""},
	} {
		given, rest := SplitName(tt.in)
		if given != tt.given || rest != tt.rest {
			t.Errorf("SplitName(%q) = %q, %q; want %q, %q", tt.in, given, rest, tt.given, tt.rest)
		}
	}
}

func TestMatches(t *testing.T) {
	hay := Fold("Nguyễn Thị Thảo") + " 010185001234"
	dang := Fold("Đặng Văn Hải")
	for _, tt := range []struct {
		hay, q string
		want   bool
	}{
		{hay, "nguyen thi thao", true},
		{hay, "Nguyễn Thị Thảo", true},
		{hay, "thao nguyen", true},
		{hay, "THẢO", true},
		{hay, "  thao   ", true},
		{hay, "thi thao nguyen", true},
		{hay, "thao van", false},
		{hay, "0101850", true},
		{hay, "đặng", false},
		{hay, "", true},
		{dang, "dang", true},
		{dang, "Đặng hải", true},
		{dang, "dặng van hai", true},
		{dang, "dangvan", false},
	} {
		if got := Matches(tt.hay, QueryTokens(tt.q)); got != tt.want {
			t.Errorf("Matches(%q, QueryTokens(%q)) = %v, want %v", tt.hay, tt.q, got, tt.want)
		}
	}
}

func TestQueryTokens(t *testing.T) {
	for _, tt := range []struct {
		q    string
		want []string
	}{
		{"  Nguyễn  THỊ\tthảo ", []string{"nguyen", "thi", "thao"}},
		{"Đặng", []string{"dang"}},
		{"", nil},
		{"   ", nil},
	} {
		if diff := cmp.Diff(tt.want, QueryTokens(tt.q), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("QueryTokens(%q) (-want +got):\n%s", tt.q, diff)
		}
	}
}

// genNames returns n made-up but plausible names, the same every run.
func genNames(n int) []string {
	fam := []string{"Nguyễn", "Trần", "Lê", "Giàng", "Sùng", "Lò", "Đặng", "Bàn", "Hoàng", "Vàng", "Lý", "Triệu", "Hà", "Lường", "Cầm", "Y"}
	mid := []string{"Văn", "Thị", "A", "Seo", "Đức", "Minh", "Thị Thu", "Xuân", "H'"}
	giv := []string{"Páo", "Thảo", "Pằn", "Mỷ", "Hải", "Chứ", "Dìn", "Ánh", "Phin", "Mẩy", "Lềnh", "An", "Anh", "Ân", "Đào", "Dũng", "Yến", "Ư", "Út", "Bình"}
	rng := rand.New(rand.NewPCG(7, 11))
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s %s %s", fam[rng.IntN(len(fam))], mid[rng.IntN(len(mid))], giv[rng.IntN(len(giv))])
	}
	return out
}

func BenchmarkFold(b *testing.B) {
	ns := genNames(100000)
	b.ReportAllocs()
	for b.Loop() {
		for _, n := range ns {
			Fold(n)
		}
	}
}

func BenchmarkNameKey(b *testing.B) {
	ns := genNames(100000)
	c := NewCollator()
	b.ReportAllocs()
	for b.Loop() {
		for _, n := range ns {
			c.NameKey(n)
		}
	}
}

// BenchmarkMatches is one keystroke of search over a roster of 100,000 names.
func BenchmarkMatches(b *testing.B) {
	ns := genNames(100000)
	hay := make([]string, len(ns))
	for i, n := range ns {
		hay[i] = Fold(n)
	}
	b.ReportAllocs()
	for b.Loop() {
		toks := QueryTokens("giang thi pao")
		for _, h := range hay {
			Matches(h, toks)
		}
	}
}
