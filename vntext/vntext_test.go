package vntext

import (
	"bytes"
	"fmt"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/unicode/norm"
)

func TestFold(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Nguyễn Thị Thảo", "nguyen thi thao"},
		{"Đặng", "dang"},
		{"  ĐẶNG   Văn\tHải ", "dang van hai"},
		{norm.NFD.String("Lò Văn Pằn"), "lo van pan"},
		{"Giàng A Páo", "giang a pao"},
		{"ABC 123", "abc 123"},
		{"", ""},
		{"Ư ơ ă â ê ô", "u o a a e o"},
	} {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNFC(t *testing.T) {
	in := norm.NFD.String("  Nguyễn   Thị  Thảo ")
	if got := NFC(in); got != "Nguyễn Thị Thảo" || !norm.NFC.IsNormalString(got) {
		t.Errorf("NFC(%q) = %q", in, got)
	}
}

func TestNameOrder(t *testing.T) {
	names := []string{
		"Nguyễn Văn Bình", "Trần Văn An", "Lê Thị Anh", "Phạm Văn Ánh", "Hà Văn Ân",
		"Vũ Văn Đào", "Lý Seo Dìn", "Bàn Văn Dũng", "Lò Văn Pằn", "Giàng A Páo", "Sùng Seo Pó",
		"Vàng Thị Mỷ", "Ma Văn Ư", "Lục Văn Út",
	}
	want := []string{
		"Trần Văn An", // an
		"Lê Thị Anh",  // anh
		"Phạm Văn Ánh",
		"Hà Văn Ân", // â after a
		"Nguyễn Văn Bình",
		"Lý Seo Dìn", "Bàn Văn Dũng",
		"Vũ Văn Đào", // đ after every d
		"Vàng Thị Mỷ",
		"Giàng A Páo", // a before ă
		"Lò Văn Pằn",
		"Sùng Seo Pó",
		"Lục Văn Út", // u before ư
		"Ma Văn Ư",
	}
	c := NewCollator()
	got := append([]string(nil), names...)
	sort.Slice(got, func(i, j int) bool { return bytes.Compare(c.NameKey(got[i]), c.NameKey(got[j])) < 0 })
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
	// Equal given names: the rest decides.
	if bytes.Compare(c.NameKey("Giàng A Pằn"), c.NameKey("Lò Văn Pằn")) >= 0 {
		t.Error("Giàng A Pằn should come before Lò Văn Pằn")
	}
	if !bytes.Equal(c.NameKey("Lò Văn Pằn"), NewCollator().NameKey(norm.NFD.String("Lò Văn Pằn"))) {
		t.Error("NameKey depends on the normal form or on the collator instance")
	}
}

func TestMatches(t *testing.T) {
	hay := Fold("Nguyễn Thị Thảo") + " 010185001234 " + Fold("01.234567")
	for _, tt := range []struct {
		q    string
		want bool
	}{
		{"nguyen thi thao", true}, {"thao nguyen", true}, {"THẢO", true}, {"thao van", false},
		{"0101850", true}, {"234567", true}, {"", true}, {"đặng", false},
	} {
		if got := Matches(hay, QueryTokens(tt.q)); got != tt.want {
			t.Errorf("Matches(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
}

func names(n int) []string {
	fam := []string{"Nguyễn", "Giàng", "Sùng", "Lò", "Đặng", "Bàn", "Hoàng", "Vàng", "Lý", "Triệu"}
	mid := []string{"Văn", "Thị", "A", "Seo", "Đức", "Minh"}
	giv := []string{"Páo", "Thảo", "Pằn", "Mỷ", "Hải", "Chứ", "Dìn", "Ánh", "Phin", "Mẩy", "Lềnh"}
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s %s %s", fam[i%len(fam)], mid[(i/7)%len(mid)], giv[(i/3)%len(giv)])
	}
	return out
}

func BenchmarkFold(b *testing.B) {
	ns := names(100000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Fold(ns[i%len(ns)])
	}
}

func BenchmarkNameKey(b *testing.B) {
	ns := names(100000)
	c := NewCollator()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.NameKey(ns[i%len(ns)])
	}
}

// BenchmarkFilter100k measures one keystroke of search over a roster of 100,000 names.
func BenchmarkFilter100k(b *testing.B) {
	ns := names(100000)
	hay := make([]string, len(ns))
	for i, n := range ns {
		hay[i] = Fold(n)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		toks := QueryTokens("giang thi pao")
		n := 0
		for _, h := range hay {
			if Matches(h, toks) {
				n++
			}
		}
	}
}
