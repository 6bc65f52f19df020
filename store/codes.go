package store

import (
	"strings"
	"sync"
	"unicode"

	"chibo/vntext"
)

// The coded lists of the member record. The statistics forms of the Party's Organisation
// Commission (Biểu 2, 3 and 4-BTCTW, Hướng dẫn 11-HD/BTCTW) count members by ethnicity,
// religion and level, so these fields hold a value from a list, never free text. Look-ups
// forgive case, diacritics, spacing, hyphens and apostrophes, and turn what was typed into the
// official spelling ("mong" → "Mông").

// Ethnicity is one of the 54 ethnic groups of Vietnam.
type Ethnicity struct {
	Code    int      // the official code, 1 to 54
	Name    string   // the official name
	Aliases []string // other spellings and names in current use, for look-ups only
}

// Ethnicities are the 54 ethnic groups of Vietnam in the code order of the General Statistics
// Office's list (Danh mục các thành phần dân tộc Việt Nam, Quyết định 121-TCTK/PPCĐ,
// 2 March 1979), with the names used in the 2019 census. The Statistics Office's later list
// (Quyết định 1019/QĐ-TCTK, 2008) numbers the same groups in another order; these codes are
// the 1979 ones. Aliases hold other spellings and self-names; pejorative names are left out on
// purpose, and a look-up of one fails.
var Ethnicities = []Ethnicity{
	{1, "Kinh", []string{"Việt"}},
	{2, "Tày", nil},
	{3, "Thái", []string{"Thái Đen", "Thái Trắng"}},
	{4, "Hoa", []string{"Hán"}},
	{5, "Khmer", []string{"Khơ-me", "Khmer Krôm", "Khơ-me Krôm"}},
	{6, "Mường", []string{"Mol", "Mual"}},
	{7, "Nùng", nil},
	{8, "Mông", []string{"H'Mông", "Hmông"}},
	{9, "Dao", nil},
	{10, "Gia-rai", []string{"Jrai", "Jarai", "Giơ-rai"}},
	{11, "Ngái", nil},
	{12, "Ê-đê", []string{"Êđê", "Ra-đê", "Rhađê", "Rhade"}},
	{13, "Ba-na", []string{"Bahnar"}},
	{14, "Xơ-đăng", []string{"Xê Đăng", "Sedang"}},
	{15, "Sán Chay", []string{"Cao Lan - Sán Chỉ", "Cao Lan", "Sán Chỉ"}},
	{16, "Cơ-ho", []string{"K'Ho", "Koho"}},
	{17, "Chăm", []string{"Chàm", "Chăm Pa"}},
	{18, "Sán Dìu", nil},
	{19, "Hrê", nil},
	{20, "Mnông", []string{"M'Nông", "Mơ Nông"}},
	{21, "Ra-glai", []string{"Raglai", "Rắc Lây"}},
	{22, "Xtiêng", []string{"Stiêng", "X'tiêng"}},
	{23, "Bru-Vân Kiều", []string{"Bru", "Vân Kiều"}},
	{24, "Thổ", nil},
	{25, "Giáy", []string{"Nhắng", "Dẩng"}},
	{26, "Cơ-tu", []string{"Katu", "Ca Tu"}},
	{27, "Giẻ-Triêng", []string{"Gié-Triêng"}},
	{28, "Mạ", nil},
	{29, "Khơ-mú", []string{"Khmu", "Kmhmu"}},
	{30, "Co", []string{"Cor", "Col"}},
	{31, "Tà-ôi", []string{"Pa Cô", "Pacoh"}},
	{32, "Chơ-ro", []string{"Châu Ro", "Chro"}},
	{33, "Kháng", nil},
	{34, "Xinh-mun", []string{"Puộc"}},
	{35, "Hà Nhì", []string{"Hani"}},
	{36, "Chu-ru", nil},
	{37, "Lào", nil},
	{38, "La Chí", nil},
	{39, "La Ha", nil},
	{40, "Phù Lá", nil},
	{41, "La Hủ", nil},
	{42, "Lự", []string{"Lữ"}},
	{43, "Lô Lô", nil},
	{44, "Chứt", nil},
	{45, "Mảng", []string{"Mảng Ư"}},
	{46, "Pà Thẻn", []string{"Pà Hưng"}},
	{47, "Cờ Lao", []string{"Co Lao", "Cơ Lao"}},
	{48, "Cống", nil},
	{49, "Bố Y", nil},
	{50, "Si La", nil},
	{51, "Pu Péo", []string{"Ka Pèo"}},
	{52, "Brâu", []string{"Brao"}},
	{53, "Ơ Đu", []string{"Tày Hạt"}},
	{54, "Rơ-măm", nil},
}

// Religions are the 16 religions recognised by the State, in the order the Government
// Committee for Religious Affairs (Ban Tôn giáo Chính phủ) lists them, after "" for none.
// Traditional beliefs (tín ngưỡng) are not a religion on the forms.
var Religions = []string{
	"",
	"Phật giáo",
	"Công giáo",
	"Tin lành",
	"Cao Đài",
	"Phật giáo Hòa Hảo",
	"Hồi giáo",
	"Bahá'í",
	"Tịnh độ Cư sĩ Phật hội Việt Nam",
	"Cơ đốc Phục lâm Việt Nam",
	"Phật giáo Tứ Ân Hiếu Nghĩa",
	"Bửu Sơn Kỳ Hương",
	"Minh Sư Đạo",
	"Minh Lý Đạo – Tam Tông Miếu",
	"Giáo hội Các Thánh hữu Ngày sau của Chúa Giê-su Ky-tô (Mặc môn)",
	"Phật giáo Hiếu Nghĩa Tà Lơn",
	"Bà-la-môn giáo",
}

var religionAliases = map[string][]string{
	"":                  {"Không", "Không có", "Không theo tôn giáo", "Không tôn giáo"},
	"Phật giáo":         {"Đạo Phật", "Phật"},
	"Công giáo":         {"Thiên Chúa giáo", "Đạo Thiên Chúa", "Thiên Chúa", "Công giáo La Mã"},
	"Tin lành":          {"Đạo Tin lành", "Tin lành giáo"},
	"Cao Đài":           {"Đạo Cao Đài", "Cao Đài giáo"},
	"Phật giáo Hòa Hảo": {"Hòa Hảo", "Đạo Hòa Hảo"},
	"Hồi giáo":          {"Đạo Hồi", "Islam"},
	"Bahá'í":            {"Đạo Baha'i", "Tôn giáo Baha'i"},
	"Tịnh độ Cư sĩ Phật hội Việt Nam": {"Tịnh độ Cư sĩ Phật hội"},
	"Cơ đốc Phục lâm Việt Nam":        {"Cơ đốc Phục lâm", "Phục lâm"},
	"Phật giáo Tứ Ân Hiếu Nghĩa":      {"Tứ Ân Hiếu Nghĩa"},
	"Minh Sư Đạo":                     {"Minh Sư"},
	"Minh Lý Đạo – Tam Tông Miếu":     {"Minh Lý Đạo", "Tam Tông Miếu"},
	"Giáo hội Các Thánh hữu Ngày sau của Chúa Giê-su Ky-tô (Mặc môn)": {
		"Các Thánh hữu Ngày sau của Chúa Giê-su Ky-tô", "Các Thánh hữu Ngày sau", "Mặc môn", "Mormon"},
	"Phật giáo Hiếu Nghĩa Tà Lơn": {"Hiếu Nghĩa Tà Lơn"},
	"Bà-la-môn giáo":              {"Bà-la-môn", "Đạo Bà-la-môn"},
}

// EducationLevels are the levels of general education of Biểu 3-BTCTW, after "" for not given.
var EducationLevels = []string{"", "Biết đọc, biết viết", "Tiểu học", "Trung học cơ sở", "Trung học phổ thông"}

// educationAliases include the "grade/of grades" notation of the personal-history forms:
// 12/12 (and 10/10 in the old ten-year system) is upper secondary, 9/12 and 7/10 lower
// secondary, 5/12 and 4/10 primary.
var educationAliases = map[string][]string{
	"Biết đọc, biết viết": {"Biết đọc, biết viết chữ quốc ngữ", "Biết chữ"},
	"Tiểu học":            {"Cấp 1", "Cấp I", "5/12", "4/10"},
	"Trung học cơ sở":     {"THCS", "Cấp 2", "Cấp II", "Phổ thông cơ sở", "PTCS", "9/12", "7/10"},
	"Trung học phổ thông": {"THPT", "Cấp 3", "Cấp III", "Phổ thông trung học", "PTTH", "12/12", "10/10"},
}

// ProfessionalLevels are the professional qualifications of Biểu 3-BTCTW, after "" for none.
var ProfessionalLevels = []string{"", "Sơ cấp", "Trung cấp", "Cao đẳng", "Đại học", "Thạc sĩ", "Tiến sĩ"}

var professionalAliases = map[string][]string{
	"":         {"Không", "Chưa qua đào tạo"},
	"Cao đẳng": {"CĐ"},
	"Đại học":  {"ĐH", "Cử nhân", "Kỹ sư", "Kĩ sư"},
	"Thạc sĩ":  {"Thạc sỹ", "ThS"},
	"Tiến sĩ":  {"Tiến sỹ", "TS"},
}

// TheoryLevels are the levels of political theory (lý luận chính trị), after "" for none. They
// are lower case because the command line reads and writes them so.
var TheoryLevels = []string{"", "sơ cấp", "trung cấp", "cao cấp", "cử nhân"}

// theoryAliases accepts the level followed by what it is a level of ("Trung cấp lý luận
// chính trị", "Cao cấp LLCT").
func theoryAliases(level string) []string {
	if level == "" {
		return []string{"Không", "Chưa qua đào tạo"}
	}
	return []string{level + " lý luận chính trị", level + " LLCT", level + " chính trị"}
}

// BadgeYears are the Party membership badges (Huy hiệu Đảng), by years of membership.
var BadgeYears = []int{30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90}

// codeIndex finds an entry of a coded list by what someone typed.
type codeIndex struct {
	exact map[string]int // NFC spelling → entry
	loose map[string]int // matchKey → entry, or -1 when two entries share the key
}

// newCodeIndex indexes n entries; spellings(i) gives entry i's spellings, the official one
// first.
func newCodeIndex(n int, spellings func(i int) []string) *codeIndex {
	x := &codeIndex{exact: map[string]int{}, loose: map[string]int{}}
	for i := range n {
		for _, s := range spellings(i) {
			if _, ok := x.exact[s]; !ok {
				x.exact[s] = i
			}
			k := matchKey(s)
			if j, ok := x.loose[k]; ok && j != i {
				x.loose[k] = -1
			} else {
				x.loose[k] = i
			}
		}
	}
	return x
}

// find returns the entry spelt s: exactly (after NFC), or else the one entry whose spelling
// has the same matchKey.
func (x *codeIndex) find(s string) (int, bool) {
	s = vntext.NFC(s)
	if i, ok := x.exact[s]; ok {
		return i, true
	}
	i, ok := x.loose[matchKey(s)]
	return i, ok && i >= 0
}

// matchKey keeps only the letters and digits of the folded text: "H'Mông", "hmong" and
// "H mông" share the key "hmong"; "Gia-rai" and "Gia Rai" share "giarai".
func matchKey(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, vntext.Fold(s))
}

// listIndex indexes a list of strings with its aliases.
func listIndex(list []string, aliases func(string) []string) func() *codeIndex {
	return sync.OnceValue(func() *codeIndex {
		return newCodeIndex(len(list), func(i int) []string {
			return append([]string{list[i]}, aliases(list[i])...)
		})
	})
}

func fromMap(m map[string][]string) func(string) []string {
	return func(s string) []string { return m[s] }
}

var (
	ethnicityIndex = sync.OnceValue(func() *codeIndex {
		return newCodeIndex(len(Ethnicities), func(i int) []string {
			return append([]string{Ethnicities[i].Name}, Ethnicities[i].Aliases...)
		})
	})
	religionIndex     = listIndex(Religions, fromMap(religionAliases))
	educationIndex    = listIndex(EducationLevels, fromMap(educationAliases))
	professionalIndex = listIndex(ProfessionalLevels, fromMap(professionalAliases))
	theoryIndex       = listIndex(TheoryLevels, theoryAliases)
)

// LookupEthnicity finds an ethnic group by its official name, an alias, or a spelling that
// differs only in case, diacritics, spaces, hyphens or apostrophes ("mong", "H'mong" → Mông;
// "tay" → Tày; "thai" → Thái), with or without "dân tộc" or "người" before it. It reports
// false for an empty, unknown or ambiguous spelling.
func LookupEthnicity(s string) (Ethnicity, bool) {
	x := ethnicityIndex()
	i, ok := x.find(s)
	if !ok {
		f := vntext.Fold(s)
		for _, p := range []string{"dan toc ", "nguoi "} {
			if rest, cut := strings.CutPrefix(f, p); cut {
				i, ok = x.find(rest)
				break
			}
		}
	}
	if !ok {
		return Ethnicity{}, false
	}
	return Ethnicities[i], true
}

// LookupReligion returns the official name of the religion spelt s, forgiving as
// LookupEthnicity is. "" (or "Không") means none and is valid.
func LookupReligion(s string) (string, bool) { return lookupIn(Religions, religionIndex, s) }

// LookupEducation returns the level of general education spelt s ("THPT", "12/12" → "Trung
// học phổ thông"); "" is valid.
func LookupEducation(s string) (string, bool) { return lookupIn(EducationLevels, educationIndex, s) }

// LookupProfessional returns the professional qualification spelt s ("thạc sỹ" → "Thạc sĩ");
// "" is valid.
func LookupProfessional(s string) (string, bool) {
	return lookupIn(ProfessionalLevels, professionalIndex, s)
}

// LookupTheory returns the level of political theory spelt s ("Trung cấp LLCT" → "trung
// cấp"); "" is valid.
func LookupTheory(s string) (string, bool) { return lookupIn(TheoryLevels, theoryIndex, s) }

func lookupIn(list []string, index func() *codeIndex, s string) (string, bool) {
	i, ok := index().find(s)
	if !ok {
		return "", false
	}
	return list[i], true
}

// cccdProvinces are the codes that begin a 12-digit citizen identity number (CCCD): those of
// the 63 provinces and cities before the 2025 merger, as the Ministry of Public Security set
// them (Thông tư 07/2016/TT-BCA, kept by Thông tư 59/2021/TT-BCA). Numbers already issued
// keep them after the merger.
var cccdProvinces = map[string]string{
	"001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn", "008": "Tuyên Quang",
	"010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu", "014": "Sơn La", "015": "Yên Bái",
	"017": "Hòa Bình", "019": "Thái Nguyên", "020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang",
	"025": "Phú Thọ", "026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
	"033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định", "037": "Ninh Bình",
	"038": "Thanh Hóa", "040": "Nghệ An", "042": "Hà Tĩnh", "044": "Quảng Bình", "045": "Quảng Trị",
	"046": "Thừa Thiên Huế", "048": "Đà Nẵng", "049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định",
	"054": "Phú Yên", "056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận", "062": "Kon Tum",
	"064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng", "070": "Bình Phước",
	"072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai", "077": "Bà Rịa - Vũng Tàu", "079": "TP Hồ Chí Minh",
	"080": "Long An", "082": "Tiền Giang", "083": "Bến Tre", "084": "Trà Vinh", "086": "Vĩnh Long",
	"087": "Đồng Tháp", "089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ", "093": "Hậu Giang",
	"094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}

// ProvinceCodeValid reports whether code, the first three digits of a CCCD, is a province
// code.
func ProvinceCodeValid(code string) bool {
	_, ok := cccdProvinces[code]
	return ok
}
