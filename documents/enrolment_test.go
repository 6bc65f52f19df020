package documents

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chibo/store"
)

func enrolmentSample() Enrolment {
	return Enrolment{
		Profile: store.Profile{Code: "LUNGVAI", Name: "Chi bộ bản Lùng Vai", OfficeName: "Đảng ủy xã Mường Khương",
			OfficeLevel: store.LevelCommune, Place: "Mường Khương", Secretary: "Giàng A Páo"},
		PublicKey:   "RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3",
		Fingerprint: "3f2a-9c01-be77-0d4e-51aa",
		Date:        store.NewDate(2026, 11, 5),
	}
}

// TestEnrolmentSheet checks the sheet's words with pdftotext, its fonts with pdffonts, and
// that the same input gives the same bytes.
func TestEnrolmentSheet(t *testing.T) {
	e := enrolmentSample()
	opts := Options{Created: time.Date(2026, 11, 5, 8, 0, 0, 0, time.UTC)}
	var a, b bytes.Buffer
	if err := EnrolmentSheet(&a, e, opts); err != nil {
		t.Fatal(err)
	}
	if err := EnrolmentSheet(&b, e, opts); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same sheet printed twice differs")
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	path := filepath.Join(t.TempDir(), "sheet.pdf")
	if err := os.WriteFile(path, a.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	flat := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{"ĐẢNG BỘ XÃ MƯỜNG", "CHI BỘ BẢN LÙNG VAI", "ĐẢNG CỘNG SẢN VIỆT NAM",
		"PHIẾU ĐĂNG KÝ KHÓA KÝ CỦA CHI BỘ", "Gửi Đảng ủy xã Mường Khương", "Mã chi bộ: LUNGVAI",
		"Tên chi bộ: Chi bộ bản Lùng Vai", "Ngày lập phiếu: 05/11/2026", "Mường Khương, ngày 05 tháng 11 năm 2026",
		"RWQf6LRCGA9i53mlYecO4IzT51TG", "PpvWucNSCh1CBM0QTaLn73Y7GFO3",
		"3f2a - 9c01 - be77 - 0d4e - 51aa", "đọc lại mã nhận dạng", "CÁN BỘ TIẾP NHẬN", "BÍ THƯ", "Giàng A Páo"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the sheet lacks %q:\n%s", want, text)
		}
	}
	for _, no := range []string{"huyện", "HUYỆN", "district"} {
		if strings.Contains(text, no) {
			t.Errorf("the sheet prints %q, which is not in the data", no)
		}
	}
	if n := strings.Count(text, "\f"); n != 1 {
		t.Errorf("the sheet has %d pages, want 1", n)
	}
	fonts, err := exec.Command("pdffonts", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(fonts), "\n")[2:] {
		if f := strings.Fields(l); len(f) >= 5 && !strings.Contains(l, " yes ") {
			t.Errorf("font not embedded: %s", l)
		}
	}
	// Another office, in a ward: the heading follows the data.
	e.Profile.OfficeName = "Đảng ủy phường Ba Đình"
	e.OfficeName = "Đảng ủy phường Ba Đình (văn phòng)"
	var c bytes.Buffer
	if err := EnrolmentSheet(&c, e, opts); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(path, c.Bytes(), 0o644)
	out, _ = exec.Command("pdftotext", path, "-").Output()
	flat = strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"ĐẢNG BỘ PHƯỜNG BA", "Cấp ủy tiếp nhận: Đảng ủy phường Ba Đình (văn phòng)"} {
		if !strings.Contains(flat, want) {
			t.Errorf("ward sheet lacks %q:\n%s", want, out)
		}
	}
	if os.Getenv("CHIBO_KEEP_PDF") != "" {
		os.WriteFile(os.Getenv("CHIBO_KEEP_PDF"), a.Bytes(), 0o644)
	}
}
