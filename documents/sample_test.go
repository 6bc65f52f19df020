package documents

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chibo/store"
)

// The samples the tests print: a resolution of three pages and a roster book, with the data
// of a mountain-commune cell.

var fixedTime = time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC)

var sampleProfile = store.Profile{
	Code:        "LUNGVAI",
	Name:        "Chi bộ bản Lùng Vai",
	OfficeName:  "Đảng ủy xã Mường Khương",
	OfficeLevel: store.LevelCommune,
	Place:       "Mường Khương",
	Secretary:   "Giàng Seo Páo",
}

var sampleDate = store.NewDate(2026, 3, 5)

const loremVI = "Chi bộ đã lãnh đạo đảng viên và quần chúng nhân dân trong bản thực hiện tốt các chủ trương " +
	"của Đảng, chính sách, pháp luật của Nhà nước; tập trung chăm sóc cây chè, cây ngô vụ xuân, tiêm phòng " +
	"cho đàn gia súc, gia cầm; vận động 100% học sinh trong độ tuổi đến trường; giữ vững an ninh trật tự " +
	"trên địa bàn, không để xảy ra xuất cảnh trái phép và tuyên truyền đạo trái pháp luật."

// sampleResolution builds a three-page resolution with every kind of block.
func sampleResolution(opts Options) *Doc {
	d := New(opts)
	d.Header(HeaderFor(sampleProfile, "Số 03-NQ/CB", sampleDate))
	d.Title("Nghị quyết", "Lãnh đạo thực hiện nhiệm vụ tháng 3 năm 2026")
	d.Paragraph("Ngày 05 tháng 3 năm 2026, tại Nhà văn hóa bản Lùng Vai, Chi bộ bản Lùng Vai tổ chức " +
		"sinh hoạt thường kỳ tháng 3 năm 2026. Tổng số đảng viên: 45 đồng chí; có mặt: 41 đồng chí; vắng " +
		"mặt: 4 đồng chí (có lý do: 3, không lý do: 1). Chủ trì: đồng chí Giàng Seo Páo, Bí thư chi bộ; " +
		"thư ký: đồng chí Lò Thị Ánh.")
	d.Heading(Roman(1) + ". KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT THÁNG TRƯỚC")
	d.Paragraph(loremVI)
	d.Table(Table{
		Columns: []Column{
			{Title: "TT", Width: 1, Align: AlignCenter},
			{Title: "Nhiệm vụ", Width: 6},
			{Title: "Kết quả", Width: 3},
		},
		Rows: tableRows(14),
	})
	d.Heading(Roman(2) + ". NHIỆM VỤ THÁNG TỚI")
	for i := 0; i < 8; i++ {
		d.Item(Letter(i)+")", fmt.Sprintf("Nhiệm vụ thứ %d: ", i+1)+loremVI)
	}
	d.Rich(Run{Text: "Nghị quyết được chi bộ biểu quyết thông qua với "},
		Run{Text: "41/41", Bold: true}, Run{Text: " đồng chí tán thành, đạt tỷ lệ 100%."})
	d.Signatures(Signature{Authority: "T/M Chi ủy", Title: "Bí thư", Name: "Giàng Seo Páo"})
	d.Recipients("Đảng ủy xã Mường Khương (để b/c),", "Đồng chí đảng ủy viên phụ trách,",
		"Các đoàn thể trong bản,", "Đảng viên trong chi bộ,", "Lưu hồ sơ chi bộ.")
	return d
}

func tableRows(n int) [][]string {
	var rows [][]string
	for i := 0; i < n; i++ {
		rows = append(rows, []string{fmt.Sprint(i + 1),
			"Vận động nhân dân trồng và chăm sóc " + strings.Repeat("cây chè Shan tuyết, ", i%3+1) + "phát triển kinh tế hộ gia đình",
			"Hoàn thành, đạt " + fmt.Sprint(80+i) + "%"})
	}
	return rows
}

var (
	givenNames  = []string{"Páo", "Ánh", "Dìn", "Pằn", "Sử", "Chứ", "Mỷ", "Sính", "Lềnh", "Thào"}
	familyNames = []string{"Giàng Seo", "Lò Thị", "Lý Seo", "Vàng A", "Thào Thị", "Sùng Văn", "Hoàng Thị", "Lục Văn", "Ma Thị"}
)

// sampleMembers makes n members and their events: every tenth transferred out, one dead, one
// expelled, one transferred in.
func sampleMembers(n int) ([]store.Member, map[string][]store.Event) {
	var ms []store.Member
	evs := map[string][]store.Event{}
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("m%03d", i)
		m := store.Member{
			ID:                id,
			FullName:          familyNames[i%len(familyNames)] + " " + givenNames[i%len(givenNames)],
			Gender:            []string{"male", "female"}[i%2],
			Ethnicity:         []string{"Mông", "Dao", "Tày", "Nùng", "Kinh"}[i%5],
			Religion:          []string{"Không", "Tin Lành", "Không"}[i%3],
			Hometown:          "Xã Mường Khương, tỉnh Lào Cai",
			Education:         "12/12",
			TheoryLevel:       "Sơ cấp",
			ProfessionalLevel: "Trung cấp",
			ForeignLanguage:   []string{"", "Tiếng Anh B"}[i%2],
			OccupationBefore:  "Làm ruộng",
			Occupation:        []string{"Làm ruộng", "Giáo viên", "Cán bộ xã"}[i%3],
			CeremonyDate:      store.NewDate(1990+i%30, time.Month(1+i%12), 1+i%28),
			OfficialDate:      store.NewDate(1991+i%30, time.Month(1+i%12), 1+i%28),
			CardNumber:        fmt.Sprintf("%08d", 10234500+i),
			FileNumber:        fmt.Sprintf("LC-%05d", 300+i),
			Army:              i%7 == 0,
			Retired:           i%5 == 0,
			State:             store.StateOfficial,
		}
		if i%4 == 0 {
			m.BadgeYears, m.BadgeNumber = 30, fmt.Sprintf("%06d", 4400+i)
		}
		if i == 3 {
			m.OtherName = "A Sử"
			m.Notes = "Chuyển sinh hoạt về chi bộ bản Pha Long theo nguyện vọng gia đình"
		}
		switch {
		case i%10 == 9:
			evs[id] = append(evs[id], store.Event{Kind: store.EventTransferOut, Date: store.NewDate(2025, 11, 20),
				Organisation: "Đảng bộ xã Pha Long"})
		case i == 4:
			evs[id] = append(evs[id], store.Event{Kind: store.EventDeceased, Date: store.NewDate(2025, 12, 2), Reason: "Bệnh tuổi già"})
		case i == 6:
			evs[id] = append(evs[id], store.Event{Kind: store.EventExpelled, Date: store.NewDate(2026, 1, 15),
				Document: "QĐ 12-QĐ/ĐU"})
		case i == 8:
			evs[id] = append(evs[id], store.Event{Kind: store.EventTransferIn, Date: store.NewDate(2026, 2, 3),
				Organisation: "Đảng bộ xã Bản Lầu"})
		case i == 11:
			evs[id] = append(evs[id], store.Event{Kind: store.EventRemoved, Date: store.NewDate(2026, 4, 1)}) // after asOf
		}
		ms = append(ms, m)
	}
	return ms, evs
}

// TestWriteSamples writes the sample papers into the folder named by $DOCUMENTS_SAMPLES, to be
// looked at (pdftoppm -png -r 60 FILE.pdf PREFIX). It does nothing otherwise.
func TestWriteSamples(t *testing.T) {
	dir := os.Getenv("DOCUMENTS_SAMPLES")
	if dir == "" {
		t.Skip("set DOCUMENTS_SAMPLES to a folder to write the sample PDFs there")
	}
	write := func(name string, f func(io.Writer) error) {
		out, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer out.Close()
		if err := f(out); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	opts := Options{Created: fixedTime, FooterText: "LUNGVAI · NQ 03-NQ/CB · 3f9a1c0e",
		FooterQR: "sha256:3f9a1c0e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a3928171605f4e3d2c1b0a9f8e7"}
	write("nghi-quyet.pdf", sampleResolution(opts).Write)
	write("bien-ban.pdf", sampleMinutes(Options{Created: fixedTime}).Write)
	ms, evs := sampleMembers(45)
	write("so-danh-sach.pdf", func(w io.Writer) error {
		return RosterBook(w, sampleProfile, ms, evs, sampleDate, Options{Created: fixedTime})
	})
}

// sampleMinutes builds the first page of a set of minutes, with two signatures.
func sampleMinutes(opts Options) *Doc {
	d := New(opts)
	d.Header(HeaderFor(sampleProfile, "Số 03-BB/CB", sampleDate))
	d.Title("Biên bản", "Sinh hoạt chi bộ thường kỳ tháng 3 năm 2026")
	d.Rich(Run{Text: "Thời gian: ", Bold: true}, Run{Text: "Bắt đầu lúc 8 giờ 00 phút, ngày 05/3/2026."})
	d.Rich(Run{Text: "Địa điểm: ", Bold: true}, Run{Text: "Nhà văn hóa bản Lùng Vai, xã Mường Khương."})
	d.Heading("I. THÀNH PHẦN")
	d.Item("-", "Tổng số đảng viên của chi bộ: 45 đồng chí (chính thức: 42, dự bị: 3).")
	d.Item("-", "Có mặt: 41 đồng chí; vắng mặt: 4 đồng chí (có lý do: 3, không lý do: 1).")
	d.Heading("II. NỘI DUNG")
	d.Paragraph(loremVI)
	d.Signatures(Signature{Title: "Thư ký", Name: "Lò Thị Ánh"}, Signature{Title: "Chủ trì", Name: "Giàng Seo Páo"})
	return d
}
