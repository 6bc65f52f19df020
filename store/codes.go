package store

import (
	"strings"

	"chibo/vntext"
)

// Ethnicity is one of the 54 ethnic groups of Vietnam.
type Ethnicity struct {
	Code    int
	Name    string
	Aliases []string
}

// Ethnicities is the official list of the 54 ethnic groups in the code order of the General
// Statistics Office (Quyết định 121-TCTK/PPCĐ, 1979), with the names used in the 2019 census.
// The statistics forms (Biểu 2, 3-BTCTW) count by these names, so they are a coded list.
var Ethnicities = []Ethnicity{
	{1, "Kinh", []string{"Việt"}}, {2, "Tày", nil}, {3, "Thái", nil}, {4, "Hoa", []string{"Hán"}},
	{5, "Khmer", []string{"Khơ-me", "Khơ Me", "Khơme"}}, {6, "Mường", nil}, {7, "Nùng", nil},
	{8, "Mông", []string{"H'Mông", "Hmông", "HMông", "H’Mông"}}, {9, "Dao", nil},
	{10, "Gia-rai", []string{"Gia Rai", "Jrai"}}, {11, "Ngái", nil}, {12, "Ê-đê", []string{"Ê Đê", "Rhađê"}},
	{13, "Ba-na", []string{"Ba Na", "Bahnar"}}, {14, "Xơ-đăng", []string{"Xơ Đăng"}}, {15, "Sán Chay", []string{"Cao Lan - Sán Chỉ", "Sán Chỉ", "Cao Lan"}},
	{16, "Cơ-ho", []string{"Cơ Ho", "K'Ho"}}, {17, "Chăm", []string{"Chàm"}}, {18, "Sán Dìu", nil},
	{19, "Hrê", []string{"H'rê"}}, {20, "Mnông", []string{"M'Nông"}}, {21, "Ra-glai", []string{"Raglai", "Ra Glai"}},
	{22, "Xtiêng", []string{"X'tiêng", "Stiêng"}}, {23, "Bru-Vân Kiều", []string{"Bru Vân Kiều", "Vân Kiều"}},
	{24, "Thổ", nil}, {25, "Giáy", nil}, {26, "Cơ-tu", []string{"Cơ Tu"}}, {27, "Gié-Triêng", []string{"Giẻ Triêng", "Gié Triêng"}},
	{28, "Mạ", nil}, {29, "Khơ-mú", []string{"Khơ Mú", "Khmu"}}, {30, "Co", nil}, {31, "Tà-ôi", []string{"Tà Ôi"}},
	{32, "Chơ-ro", []string{"Chơ Ro"}}, {33, "Kháng", nil}, {34, "Xinh-mun", []string{"Xinh Mun"}},
	{35, "Hà Nhì", nil}, {36, "Chu-ru", []string{"Chu Ru"}}, {37, "Lào", nil}, {38, "La Chí", nil},
	{39, "La Ha", nil}, {40, "Phù Lá", nil}, {41, "La Hủ", nil}, {42, "Lự", nil}, {43, "Lô Lô", nil},
	{44, "Chứt", nil}, {45, "Mảng", nil}, {46, "Pà Thẻn", nil}, {47, "Cờ Lao", []string{"Co Lao"}},
	{48, "Cống", nil}, {49, "Bố Y", nil}, {50, "Si La", nil}, {51, "Pu Péo", nil}, {52, "Brâu", nil},
	{53, "Ơ Đu", nil}, {54, "Rơ-măm", []string{"Rơ Măm"}},
}

// Religions are the religions recognised by the State (Ban Tôn giáo Chính phủ). The empty
// string means none; traditional beliefs (tín ngưỡng) are not a religion on the forms.
var Religions = []string{"", "Phật giáo", "Công giáo", "Tin lành", "Cao Đài", "Phật giáo Hòa Hảo",
	"Hồi giáo", "Bahá'í", "Tịnh độ Cư sĩ Phật hội Việt Nam", "Cơ đốc Phục lâm Việt Nam",
	"Phật giáo Tứ Ân Hiếu Nghĩa", "Bửu Sơn Kỳ Hương", "Minh Sư Đạo", "Minh Lý Đạo - Tam Tông Miếu",
	"Các Thánh hữu Ngày sau của Chúa Giê-su Ky-tô (Mặc môn)", "Phật giáo Hiếu Nghĩa Tà Lơn", "Bà-la-môn giáo"}

// EducationLevels are the levels of general education of Biểu 3-BTCTW.
var EducationLevels = []string{"", "Biết đọc, biết viết", "Tiểu học", "Trung học cơ sở", "Trung học phổ thông"}

// ProfessionalLevels are the professional qualifications of Biểu 3-BTCTW.
var ProfessionalLevels = []string{"", "Sơ cấp", "Trung cấp", "Cao đẳng", "Đại học", "Thạc sĩ", "Tiến sĩ"}

// TheoryLevels are the levels of political theory, spelt as the command line's JSON spells them.
var TheoryLevels = []string{"", "sơ cấp", "trung cấp", "cao cấp", "cử nhân"}

// BadgeYears are the Party badges (Huy hiệu Đảng) by years of membership.
var BadgeYears = []int{30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90}

// foldCode folds for forgiving look-ups: no accents, no case, no hyphens, apostrophes or spaces.
func foldCode(s string) string {
	return strings.NewReplacer(" ", "", "-", "", "'", "", "’", "").Replace(vntext.Fold(s))
}

// lookup finds s in names exactly, or by a unique forgiving match.
func lookup(s string, names []string, aliases func(i int) []string) (int, bool) {
	s = vntext.NFC(s)
	for i, n := range names {
		if n == s {
			return i, true
		}
	}
	f := foldCode(s)
	found := -1
	for i, n := range names {
		cands := append([]string{n}, aliases(i)...)
		for _, c := range cands {
			if foldCode(c) == f {
				if found >= 0 && found != i {
					return -1, false
				}
				found = i
			}
		}
	}
	return found, found >= 0
}

func noAliases(int) []string { return nil }

// LookupEthnicity finds an ethnic group by its official name, an alias or a forgiving spelling
// ("mong", "H'mông" → Mông); it fails when the spelling is unknown or ambiguous.
func LookupEthnicity(s string) (Ethnicity, bool) {
	names := make([]string, len(Ethnicities))
	for i, e := range Ethnicities {
		names[i] = e.Name
	}
	if strings.TrimSpace(s) == "" {
		return Ethnicity{}, false
	}
	i, ok := lookup(s, names, func(i int) []string { return Ethnicities[i].Aliases })
	if !ok {
		return Ethnicity{}, false
	}
	return Ethnicities[i], true
}

func lookupIn(list []string) func(string) (string, bool) {
	return func(s string) (string, bool) {
		if strings.TrimSpace(s) == "" {
			return "", true
		}
		i, ok := lookup(s, list, noAliases)
		if !ok {
			return "", false
		}
		return list[i], true
	}
}

// LookupReligion, LookupEducation, LookupProfessional and LookupTheory find a value of their
// coded list by its spelling or a forgiving one; "" (none) is always valid.
var (
	LookupReligion     = lookupIn(Religions)
	LookupEducation    = lookupIn(EducationLevels)
	LookupProfessional = lookupIn(ProfessionalLevels)
	LookupTheory       = lookupIn(TheoryLevels)
)

// provinceCodes are the first three digits of a CCCD: the codes of the 63 provinces and cities
// (Thông tư 59/2021/TT-BCA), which numbers issued before the 2025 merger keep.
var provinceCodes = map[string]bool{}

func init() {
	for _, c := range strings.Fields(`001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025
		026 027 030 031 033 034 035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060
		062 064 066 067 068 070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096`) {
		provinceCodes[c] = true
	}
}

// ProvinceCodeValid reports whether code is the province code a CCCD starts with.
func ProvinceCodeValid(code string) bool { return provinceCodes[code] }
