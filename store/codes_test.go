package store

import (
	"slices"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestCodesEthnicities(t *testing.T) {
	if len(Ethnicities) != 54 {
		t.Fatalf("len(Ethnicities) = %d, want 54", len(Ethnicities))
	}
	names := map[string]bool{}
	for i, e := range Ethnicities {
		if e.Code != i+1 {
			t.Errorf("Ethnicities[%d].Code = %d, want %d", i, e.Code, i+1)
		}
		if names[e.Name] {
			t.Errorf("%q appears twice", e.Name)
		}
		names[e.Name] = true
		for _, s := range append([]string{e.Name}, e.Aliases...) {
			if !norm.NFC.IsNormalString(s) {
				t.Errorf("%q is not in NFC", s)
			}
			if got, ok := LookupEthnicity(s); !ok || got.Code != e.Code {
				t.Errorf("LookupEthnicity(%q) = %d %q, %v; want %d %q", s, got.Code, got.Name, ok, e.Code, e.Name)
			}
		}
	}
	// Spot checks of the official order.
	for code, name := range map[int]string{1: "Kinh", 4: "Hoa", 5: "Khmer", 8: "Mông", 11: "Ngái", 27: "Giẻ-Triêng", 47: "Cờ Lao", 54: "Rơ-măm"} {
		if got := Ethnicities[code-1].Name; got != name {
			t.Errorf("ethnicity %d is %q, want %q", code, got, name)
		}
	}
}

// TestCodesUnambiguous checks that no two entries of a list share a forgiving spelling, which
// would make a look-up of it fail.
func TestCodesUnambiguous(t *testing.T) {
	for name, x := range map[string]*codeIndex{
		"ethnicity":    ethnicityIndex(),
		"religion":     religionIndex(),
		"education":    educationIndex(),
		"professional": professionalIndex(),
		"theory":       theoryIndex(),
	} {
		for k, i := range x.loose {
			if i < 0 {
				t.Errorf("%s: two entries share the spelling %q", name, k)
			}
		}
	}
}

// TestCodesAliasesBelong checks that every alias table names entries of its own list, so none
// is silently ignored.
func TestCodesAliasesBelong(t *testing.T) {
	for name, tt := range map[string]struct {
		list    []string
		aliases map[string][]string
	}{
		"religion":     {Religions, religionAliases},
		"education":    {EducationLevels, educationAliases},
		"professional": {ProfessionalLevels, professionalAliases},
	} {
		for k := range tt.aliases {
			if !slices.Contains(tt.list, k) {
				t.Errorf("%s aliases name %q, which is not in the list", name, k)
			}
		}
	}
}

func TestCodesLookupEthnicity(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int // 0: not found
	}{
		{"Kinh", 1},
		{"kinh", 1},
		{"  KINH ", 1},
		{"Việt", 1},
		{"tay", 2},
		{"Tày", 2},
		{"thai", 3},
		{"THÁI", 3},
		{"Thái Đen", 3},
		{"Khơ-me", 5},
		{"Khơ Me", 5},
		{"khome", 5},
		{"khmer", 5},
		{"mong", 8},
		{"Mông", 8},
		{"H'Mông", 8},
		{"H'mong", 8},
		{"H’Mông", 8},
		{"Hmông", 8},
		{"HMÔNG", 8},
		{"Gia Rai", 10},
		{"gia-rai", 10},
		{"Ê Đê", 12},
		{"ede", 12},
		{"Ba Na", 13},
		{"Xơ Đăng", 14},
		{"Cơ Ho", 16},
		{"K'ho", 16},
		{"Chàm", 17},
		{"M'Nông", 20},
		{"Stiêng", 22},
		{"Bru - Vân Kiều", 23},
		{"Vân Kiều", 23},
		{"Gié Triêng", 27},
		{"Tà Ôi", 31},
		{"Chơ Ro", 32},
		{"Chu Ru", 36},
		{"Co", 30},
		{"Cơ Lao", 47},
		{"Co Lao", 47},
		{"Lu", 42},
		{"Ơ-đu", 53},
		{"Rơ Măm", 54},
		{norm.NFD.String("Mường"), 6},
		{"dân tộc Mường", 6},
		{"Người Mông", 8},
		{"Dân tộc H'Mông", 8},
		{"", 0},
		{"  ", 0},
		{"-", 0},
		{"Kinh Kỳ", 0},
		{"Mèo", 0}, // a pejorative name is not an alias
		{"Mán", 0},
		{"Nguoi", 0},
		{"Việt Nam", 0},
	} {
		got, ok := LookupEthnicity(tt.in)
		if tt.want == 0 {
			if ok {
				t.Errorf("LookupEthnicity(%q) = %d %q, want not found", tt.in, got.Code, got.Name)
			}
			continue
		}
		if !ok || got.Code != tt.want {
			t.Errorf("LookupEthnicity(%q) = %d %q, %v; want %d %q", tt.in, got.Code, got.Name, ok, tt.want, Ethnicities[tt.want-1].Name)
		}
	}
}

func TestCodesLookupAmbiguous(t *testing.T) {
	x := newCodeIndex(3, func(i int) []string {
		return [][]string{{"Hà Nam"}, {"Hạ Năm"}, {"Kinh"}}[i]
	})
	for _, tt := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"Hà Nam", 0, true}, // exact spellings still work
		{"Hạ Năm", 1, true},
		{"ha nam", 0, false}, // but the folded one fits both
		{"kinh", 2, true},
	} {
		got, ok := x.find(tt.in)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("find(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCodesLookupLists(t *testing.T) {
	for _, tt := range []struct {
		name   string
		lookup func(string) (string, bool)
		in     string
		want   string
		ok     bool
	}{
		{"religion", LookupReligion, "", "", true},
		{"religion", LookupReligion, "  ", "", true},
		{"religion", LookupReligion, "Không", "", true},
		{"religion", LookupReligion, "phat giao", "Phật giáo", true},
		{"religion", LookupReligion, "Thiên Chúa giáo", "Công giáo", true},
		{"religion", LookupReligion, "TIN LÀNH", "Tin lành", true},
		{"religion", LookupReligion, "Phật giáo Hoà Hảo", "Phật giáo Hòa Hảo", true}, // old tone placement
		{"religion", LookupReligion, "hoa hao", "Phật giáo Hòa Hảo", true},
		{"religion", LookupReligion, "Baha'i", "Bahá'í", true},
		{"religion", LookupReligion, "bahai", "Bahá'í", true},
		{"religion", LookupReligion, "Minh Lý Đạo - Tam Tông Miếu", "Minh Lý Đạo – Tam Tông Miếu", true},
		{"religion", LookupReligion, "mặc môn", "Giáo hội Các Thánh hữu Ngày sau của Chúa Giê-su Ky-tô (Mặc môn)", true},
		{"religion", LookupReligion, "Bà La Môn giáo", "Bà-la-môn giáo", true},
		{"religion", LookupReligion, "Thờ cúng tổ tiên", "", false},
		{"education", LookupEducation, "", "", true},
		{"education", LookupEducation, "biet doc biet viet", "Biết đọc, biết viết", true},
		{"education", LookupEducation, "trung hoc co so", "Trung học cơ sở", true},
		{"education", LookupEducation, "THPT", "Trung học phổ thông", true},
		{"education", LookupEducation, "12/12", "Trung học phổ thông", true},
		{"education", LookupEducation, "9/12", "Trung học cơ sở", true},
		{"education", LookupEducation, "Cấp II", "Trung học cơ sở", true},
		{"education", LookupEducation, "8/12", "", false},
		{"education", LookupEducation, "Đại học", "", false},
		{"professional", LookupProfessional, "đại học", "Đại học", true},
		{"professional", LookupProfessional, "Thạc sỹ", "Thạc sĩ", true},
		{"professional", LookupProfessional, "tien si", "Tiến sĩ", true},
		{"professional", LookupProfessional, "Kỹ sư", "Đại học", true},
		{"professional", LookupProfessional, "Giáo sư", "", false},
		{"theory", LookupTheory, "", "", true},
		{"theory", LookupTheory, "Sơ cấp", "sơ cấp", true},
		{"theory", LookupTheory, "cao cap", "cao cấp", true},
		{"theory", LookupTheory, "Trung cấp lý luận chính trị", "trung cấp", true},
		{"theory", LookupTheory, "Cao cấp LLCT", "cao cấp", true},
		{"theory", LookupTheory, "Cử nhân chính trị", "cử nhân", true},
		{"theory", LookupTheory, "Tiến sĩ", "", false},
	} {
		got, ok := tt.lookup(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s: lookup(%q) = %q, %v; want %q, %v", tt.name, tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCodesListsAreNFC(t *testing.T) {
	lists := [][]string{Religions, EducationLevels, ProfessionalLevels, TheoryLevels}
	for _, l := range lists {
		for _, s := range l {
			if !norm.NFC.IsNormalString(s) {
				t.Errorf("%q is not in NFC", s)
			}
		}
	}
	if got := len(Religions) - 1; got != 16 {
		t.Errorf("%d religions, want 16", got)
	}
	for _, a := range religionAliases {
		for _, s := range a {
			if !norm.NFC.IsNormalString(s) {
				t.Errorf("%q is not in NFC", s)
			}
		}
	}
}

func TestCodesBadgeYears(t *testing.T) {
	want := []int{30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90}
	if !slices.Equal(BadgeYears, want) {
		t.Errorf("BadgeYears = %v, want %v", BadgeYears, want)
	}
}

func TestCodesProvince(t *testing.T) {
	if len(cccdProvinces) != 63 {
		t.Errorf("%d province codes, want 63", len(cccdProvinces))
	}
	for _, tt := range []struct {
		code string
		want bool
	}{
		{"001", true}, {"002", true}, {"011", true}, {"046", true}, {"079", true}, {"096", true},
		{"000", false}, {"003", false}, {"005", false}, {"097", false}, {"1", false},
		{"01", false}, {"0010", false}, {"", false}, {"abc", false},
	} {
		if got := ProvinceCodeValid(tt.code); got != tt.want {
			t.Errorf("ProvinceCodeValid(%q) = %v, want %v", tt.code, got, tt.want)
		}
	}
}
