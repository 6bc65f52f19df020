package documents

import (
	"io"
	"strings"

	"chibo/store"
)

// Enrolment is what the key enrolment sheet (phiếu đăng ký khóa ký) of a cell prints.
type Enrolment struct {
	// Profile is the cell's: its code, name, place, secretary, and the office it reports to
	// (used for the heading, and as OfficeName when that is empty).
	Profile store.Profile
	// OfficeName names the receiving office, when it differs from Profile.OfficeName (the
	// name the office gives itself on its card).
	OfficeName string
	// PublicKey is the cell's minisign public key, the base64 line.
	PublicKey string
	// Fingerprint is the key's fingerprint as bundle.Fingerprint writes it
	// ("3f2a-9c01-be77-0d4e-51aa").
	Fingerprint string
	// Date is the day the sheet is made.
	Date store.Date
}

// keyLineLen is how many characters of the key go on one printed line: the 56 characters of a
// minisign key, in two halves, so a person can copy them without losing the place.
const keyLineLen = 28

// EnrolmentSheet writes the cell's key enrolment sheet as a one-page A4 PDF to w: the party
// heading with the office and the cell as data, the title, the cell's code and name, the
// receiving office, the public key (wrapped), its fingerprint large and grouped, the date, the
// instruction that the office reads the fingerprint back over the phone before it enrols the
// key, and places for the secretary's signature and the receiving official's. The sheet
// carries no secret: the private key never leaves the cell's database.
func EnrolmentSheet(w io.Writer, e Enrolment, opts Options) error {
	p := e.Profile
	office := oneLine(e.OfficeName)
	if office == "" {
		office = oneLine(p.OfficeName)
	}
	if opts.Title == "" {
		opts.Title = "Phiếu đăng ký khóa ký của chi bộ – " + oneLine(p.Name)
	}
	if opts.Subject == "" {
		opts.Subject = "Phiếu đăng ký khóa ký " + p.Code
	}
	if opts.Created.IsZero() && e.Date.Valid() {
		opts.Created = e.Date.Time()
	}
	d := New(opts)
	d.Header(HeaderFor(p, "", e.Date))
	d.Title("Phiếu đăng ký khóa ký của chi bộ", "Gửi "+office)

	label := func(l, v string) {
		d.Text(Style{Size: 14, Align: AlignLeft, Spacing: 1.3, After: 2}, Run{Text: l + ": ", Bold: true}, Run{Text: oneLine(v)})
	}
	label("Mã chi bộ", p.Code)
	label("Tên chi bộ", p.Name)
	label("Cấp ủy tiếp nhận", office)
	label("Ngày lập phiếu", e.Date.DMY())

	d.Text(Style{Size: 14, Align: AlignLeft, Spacing: 1.3, Before: 6, After: 2},
		Run{Text: "Khóa công khai (định dạng minisign):", Bold: true})
	key := strings.TrimSpace(e.PublicKey)
	var lines []string
	for len(key) > keyLineLen {
		lines = append(lines, key[:keyLineLen])
		key = key[keyLineLen:]
	}
	lines = append(lines, key)
	d.Text(Style{Size: 15, Align: AlignCenter, Spacing: 1.35, After: 4}, Run{Text: strings.Join(lines, "\n")})

	d.Text(Style{Size: 14, Align: AlignCenter, Spacing: 1.3, Before: 6},
		Run{Text: "Mã nhận dạng của khóa", Bold: true})
	d.Text(Style{Size: 26, Bold: true, Align: AlignCenter, Spacing: 1.4, After: 6},
		Run{Text: strings.ReplaceAll(oneLine(e.Fingerprint), "-", " - ")})

	d.Text(Style{Size: 13, Italic: true, Align: Justify, Indent: BodyIndent, Spacing: 1.25, After: 3},
		Run{Text: "Trước khi đăng ký khóa, cán bộ tiếp nhận của " + office + " gọi điện cho bí thư chi bộ và đọc lại " +
			"mã nhận dạng trên từng nhóm bốn ký tự; chỉ đăng ký khi cả năm nhóm khớp với phiếu này. " +
			"Nếu khác dù chỉ một ký tự thì không đăng ký và báo ngay cho chi bộ."})
	d.Text(Style{Size: 13, Italic: true, Align: Justify, Indent: BodyIndent, Spacing: 1.25, After: 3},
		Run{Text: "Phiếu này không chứa khóa bí mật; khóa bí mật chỉ nằm trong dữ liệu của chi bộ, " +
			"được bảo vệ bằng mật khẩu."})

	d.Signatures(
		Signature{Title: "Cán bộ tiếp nhận"},
		Signature{Authority: "T/M Chi bộ", Title: "Bí thư", Name: p.Secretary},
	)
	return d.Write(w)
}
