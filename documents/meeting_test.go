package documents

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"chibo/rules"
	"chibo/store"
)

// The meeting the tests print: the regular meeting of March 2026 of a cell of 18 members
// (16 official, 2 probationary) with one member attached temporarily from elsewhere.
//
//	present: 12 official, 2 probationary, 1 temporary          → 15
//	absent with reason: 1 official; without reason: 1 official → 2
//	exempted (absent) 1, away on temporary activity 1          → neither
//	vote base: 12 present official + 1 absent without reason   → 13
const sampleHash = "3f9a1c0e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a3928171605f4e3d2c1b0a9f8e7"

func sampleMeeting() store.Meeting {
	names := []string{"Giàng Seo Páo", "Lò Thị Ánh", "Lý Seo Dìn", "Vàng A Pằn", "Thào Thị Sử", "Sùng Văn Chứ",
		"Hoàng Thị Mỷ", "Lục Văn Sính", "Ma Thị Lềnh", "Giàng A Thào", "Lý Thị Pằn", "Vàng Seo Chứ",
		"Sùng Thị Mỷ", "Thào A Sính", "Hoàng Văn Lềnh", "Lò Văn Páo", "Ma Seo Dìn", "Lục Thị Ánh", "Nông Văn Tùng"}
	var att []store.Attendance
	for i, n := range names {
		att = append(att, store.Attendance{MemberID: fmt.Sprintf("m%02d", i), Name: n, State: store.StateOfficial,
			Flags: []string{}, Status: store.AttPresent})
	}
	// Members 0–11 are official and present.
	att[12].Status, att[12].Reason = store.AttAbsentExcused, "ốm, đang điều trị tại Trạm y tế xã"
	att[13].Status = store.AttAbsentUnexcused
	att[14].State, att[15].State = store.StateProbationary, store.StateProbationary
	att[16].Flags, att[16].Status, att[16].Reason = []string{store.FlagExempted}, store.AttAbsentExcused, "tuổi cao, được miễn sinh hoạt"
	att[17].Flags, att[17].Status = []string{store.FlagTempOut}, store.AttAbsentExcused
	att[18].Flags = []string{store.FlagTempIn}

	speech := func(i int, text string) store.Speech {
		return store.Speech{SpeakerID: att[i].MemberID, Speaker: att[i].Name, Text: text}
	}
	return store.Meeting{
		ID:      "01960000-0000-7000-8000-000000000003",
		Version: 4,
		Kind:    store.MeetingRegular,
		Date:    sampleDate,
		Status:  store.StatusDraft,
		Body: store.MeetingBody{
			Start:       "19:30",
			End:         "21:35",
			Place:       "Nhà văn hóa bản Lùng Vai",
			ChairID:     att[0].MemberID,
			ChairName:   att[0].Name,
			SecretaryID: att[1].MemberID,
			Secretary:   att[1].Name,
			Guests:      []store.Guest{{Name: "Hoàng Văn Thắng", Position: "Đảng ủy viên, phụ trách chi bộ"}},
			Documents: []string{"Chỉ thị số 50-CT/TW ngày 23/7/2025 của Ban Bí thư về tiếp tục đổi mới và nâng cao chất lượng sinh hoạt chi bộ",
				"Kế hoạch của Đảng ủy xã Mường Khương về phòng, chống cháy rừng mùa khô năm 2026"},
			FeeReport:  "Tháng 02/2026 có 17/17 đảng viên đóng đảng phí đầy đủ, tổng số tiền 510.000 đồng",
			Attendance: att,
			Items: []store.AgendaItem{
				{Title: "Đánh giá kết quả thực hiện Nghị quyết tháng 02 năm 2026",
					Speeches: []store.Speech{
						speech(0, "Báo cáo kết quả thực hiện nhiệm vụ tháng 02: "+loremVI),
						speech(2, "Đề nghị chi bộ quan tâm hơn đến việc tiêm phòng cho đàn trâu, bò trước mùa rét; một số hộ ở nhóm 3 còn chủ quan."),
						speech(4, "Nhất trí với báo cáo. Đề nghị vận động các hộ có con em bỏ học quay lại trường sau Tết."),
						{Speaker: "Hoàng Văn Thắng", Text: "Ghi nhận kết quả của chi bộ; đề nghị chi bộ bám sát kế hoạch phòng cháy rừng của Đảng ủy xã."},
					},
					Conclusion: "Chi bộ đã hoàn thành tốt các nhiệm vụ trọng tâm tháng 02; cần khắc phục việc tiêm phòng còn chậm ở nhóm 3."},
				{Title: "Tình hình tư tưởng của đảng viên và nhân dân trong bản",
					Speeches: []store.Speech{
						speech(5, "Tư tưởng đảng viên ổn định; nhân dân phấn khởi chuẩn bị vụ xuân. Còn hiện tượng người lạ vào bản tuyên truyền đạo trái pháp luật, cần báo công an xã."),
						speech(14, "Đề nghị chi bộ phân công đảng viên theo dõi các hộ có người đi làm ăn xa."),
						speech(18, "Đảng viên sinh hoạt tạm thời xin báo cáo tình hình tại nơi cư trú: ổn định."),
					},
					Conclusion: "Giao đồng chí Lý Seo Dìn phối hợp với công an viên nắm tình hình, báo cáo chi bộ."},
				{Title: "Xét đề nghị kết nạp quần chúng Vàng Thị Dung vào Đảng",
					Speeches: []store.Speech{
						speech(6, "Quần chúng Vàng Thị Dung đã hoàn thành lớp bồi dưỡng nhận thức về Đảng, được đoàn thể giới thiệu; tuy nhiên thời gian thử thách còn ngắn."),
						speech(8, "Đề nghị chi bộ tiếp tục giúp đỡ thêm một thời gian."),
					},
					Conclusion: "Chi bộ tiến hành biểu quyết."},
			},
			Reviews: []store.TaskReview{
				{Description: "Tiêm phòng cho đàn trâu, bò, lợn trong bản", Status: store.TaskInProgress, Result: "Đã tiêm 85% tổng đàn; còn 12 hộ ở nhóm 3"},
				{Description: "Vận động 100% học sinh trong độ tuổi đến trường sau Tết", Status: store.TaskDone, Result: "Đạt 100%"},
				{Description: "Làm đường bê tông nội bản đoạn từ nhà văn hóa đến điểm trường", Status: store.TaskOverdue, Result: "Mới hoàn thành 60% do thiếu xi măng"},
				{Description: "Giữ gìn an ninh trật tự, không để xảy ra xuất cảnh trái phép", Status: store.TaskOngoing, Result: "Không có vụ việc"},
			},
			Tasks: []store.Task{
				{Description: "Hoàn thành tiêm phòng cho đàn gia súc ở nhóm 3", Assignees: []string{"Lý Seo Dìn", "Sùng Văn Chứ"}, Deadline: store.NewDate(2026, 3, 31)},
				{Description: "Hoàn thành đường bê tông nội bản", Assignees: []string{"Giàng Seo Páo"}, Deadline: store.NewDate(2026, 4, 15)},
				{Description: "Tuyên truyền phòng, chống cháy rừng; trực chốt tại khu rừng phòng hộ", Assignees: []string{"Vàng A Pằn"}, Deadline: store.NewDate(2026, 4, 30)},
			},
			Resolutions: []store.Resolution{
				{Kind: rules.VoteGeneral, Text: "- Tập trung chăm sóc cây chè, ngô vụ xuân; hoàn thành tiêm phòng cho đàn gia súc.\n" +
					"- Hoàn thành đường bê tông nội bản trước ngày 15/4/2026.\n- Tăng cường phòng, chống cháy rừng mùa khô.",
					For: 12, Against: 1},
				{Kind: rules.VoteAdmission, Text: "Đề nghị Đảng ủy xã Mường Khương xem xét kết nạp quần chúng Vàng Thị Dung vào Đảng.",
					For: 8, Against: 3, Abstain: 2},
			},
			Manual:      map[string]float64{"preparation": 9, "conduct": 23, "chairing": 9, "principles": 5, "results": 27, "closing": 5},
			NextDate:    store.NewDate(2026, 4, 5),
			NextContent: "Sinh hoạt thường kỳ tháng 4; sơ kết công tác quý I",
		},
	}
}

// approved returns m as the store leaves it after ApproveMeeting.
func approved(m store.Meeting) store.Meeting {
	m.Status, m.Number, m.ResolutionNumber = store.StatusApproved, 3, 3
	m.RecordHash, m.ApprovedAt, m.ApprovedBy = sampleHash, "2026-03-05T14:35:00.123456Z", "Giàng Seo Páo"
	return m
}

// smallMeeting is a meeting of a cell of 5 official members, all present.
func smallMeeting() store.Meeting {
	m := sampleMeeting()
	m.Body.Attendance = m.Body.Attendance[:5]
	m.Body.Resolutions = m.Body.Resolutions[:1]
	m.Body.Resolutions[0].For, m.Body.Resolutions[0].Against = 5, 0
	return m
}

func writeMinutes(t testing.TB, m store.Meeting) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Minutes(&buf, sampleProfile, m, Options{Created: fixedTime}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func writeResolution(t testing.TB, m store.Meeting) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Resolution(&buf, sampleProfile, m, Options{Created: fixedTime}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// allWords returns every word of a page with its box, in reading order.
func allWords(t *testing.T, path string, page int) []bline {
	t.Helper()
	out := poppler(t, "pdftotext", "-bbox", "-enc", "UTF-8", "-f", fmt.Sprint(page), "-l", fmt.Sprint(page), path, "-")
	re := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>`)
	var words []bline
	for _, m := range re.FindAllStringSubmatch(out, -1) {
		var v [4]float64
		for i := range v {
			fmt.Sscan(m[i+1], &v[i])
		}
		words = append(words, bline{html.UnescapeString(m[5]), v[0], v[1], v[2], v[3]})
	}
	return words
}

// flat is the text with its layout spaces collapsed, so a sentence can be found across the
// line breaks of a justified paragraph.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

func checkA4(t *testing.T, path string) int {
	t.Helper()
	n := pageCount(t, path)
	for p := 1; p <= n; p++ {
		w, h := pageSize(t, path, p)
		if math.Round(w) != 595 || math.Round(h) != 842 {
			t.Errorf("page %d is %.2f x %.2f pts, want A4 portrait", p, w, h)
		}
	}
	checkFonts(t, path)
	return n
}

func TestMinutesPDF(t *testing.T) {
	m := approved(sampleMeeting())
	path := writeTemp(t, "bien-ban.pdf", writeMinutes(t, m))
	n := checkA4(t, path)
	if n < 3 {
		t.Errorf("%d pages, want the long minutes on 3 or more", n)
	}

	page1 := pdftotext(t, path, 1)
	for _, want := range []string{
		"ĐẢNG BỘ XÃ MƯỜNG KHƯƠNG", "ĐẢNG CỘNG SẢN VIỆT NAM", "CHI BỘ BẢN LÙNG VAI",
		"Số 03-BB/CB", "Mường Khương, ngày 05 tháng 3 năm 2026", "BIÊN BẢN",
		"Sinh hoạt chi bộ thường kỳ tháng 3 năm 2026",
	} {
		if !strings.Contains(page1, want) {
			t.Errorf("page 1 lacks %q:\n%s", want, page1)
		}
	}
	all := flat(pdftotext(t, path, 0))
	for _, want := range []string{
		"Thời gian: Bắt đầu lúc 19 giờ 30 phút, ngày 05 tháng 3 năm 2026.",
		"Địa điểm: Nhà văn hóa bản Lùng Vai.",
		// The attendance block, computed from the list.
		"- Tổng số đảng viên của chi bộ: 18 đồng chí (chính thức: 16, dự bị: 2); đảng viên sinh hoạt tạm thời: 1 đồng chí.",
		"- Đảng viên được miễn công tác và sinh hoạt đảng: 1 đồng chí; đảng viên đi sinh hoạt tạm thời nơi khác: 1 đồng chí.",
		"- Có mặt: 15 đồng chí (chính thức: 12, dự bị: 2, sinh hoạt tạm thời: 1).",
		"- Vắng mặt: 2 đồng chí (có lý do: 1, không có lý do: 1).",
		"+ Vắng mặt có lý do: đồng chí Sùng Thị Mỷ (ốm, đang điều trị tại Trạm y tế xã).",
		"+ Vắng mặt không có lý do: đồng chí Thào A Sính.",
		"Khách mời: đồng chí Hoàng Văn Thắng, Đảng ủy viên, phụ trách chi bộ.",
		"Chủ trì: đồng chí Giàng Seo Páo, Bí thư chi bộ.",
		"Thư ký: đồng chí Lò Thị Ánh.",
		"+ Chỉ thị số 50-CT/TW ngày 23/7/2025",
		"Tình hình đóng đảng phí: Tháng 02/2026 có 17/17",
		// Proceedings with the Vietnamese letters, speakers by name, conclusions.
		"a) Đánh giá kết quả thực hiện Nghị quyết tháng 02 năm 2026",
		"b) Tình hình tư tưởng", "c) Xét đề nghị kết nạp",
		"- Đồng chí Lý Seo Dìn: Đề nghị chi bộ quan tâm",
		"- Đồng chí Hoàng Văn Thắng (khách mời): Ghi nhận",
		"Chủ trì kết luận: Chi bộ đã hoàn thành tốt",
		// Tasks and reviews.
		"Chi bộ đã kiểm điểm 4 nhiệm vụ của Nghị quyết tháng trước: hoàn thành 1, thường xuyên 1, đang triển khai 1, quá hạn 1.",
		"Hoàn thành đường bê tông nội bản", "15/04/2026", "31/03/2026",
		// The votes.
		"a) Nghị quyết lãnh đạo thực hiện nhiệm vụ tháng 3 năm 2026: - Tập trung chăm sóc cây chè",
		"- Hoàn thành đường bê tông nội bản trước ngày 15/4/2026.",
		"b) Đề nghị kết nạp đảng viên: Đề nghị Đảng ủy xã Mường Khương xem xét kết nạp",
		"Nội dung trên được chi bộ biểu quyết thông qua với 12/13 đồng chí tán thành, đạt tỷ lệ 92,31%; 1 đồng chí không tán thành.",
		"Kết quả biểu quyết: 8/13 đồng chí tán thành, đạt tỷ lệ 61,54%; 3 đồng chí không tán thành, 2 đồng chí không biểu quyết. Nội dung trên không được thông qua (cần ít nhất hai phần ba",
		"Thời lượng: 125 phút (yêu cầu tối thiểu 90 phút).",
		"Buổi sinh hoạt kết thúc lúc 21 giờ 35 phút cùng ngày. Biên bản đã được đọc lại trước chi bộ và được chi bộ nhất trí thông qua.",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the minutes lack %q", want)
		}
	}
	// Exempted and away members are not absent.
	for _, name := range []string{"Ma Seo Dìn", "Lục Thị Ánh"} {
		if strings.Contains(all, name) {
			t.Errorf("the minutes name %s, who was not expected, among the absent", name)
		}
	}
	// The score: duration 5 (125 of 90 minutes), attendance 1 (15 of 17, but an unexcused
	// absence), speakers 5 (8 of the 15 present; the guest does not count), and the cell's 78.
	for _, want := range []string{"Thời lượng sinh hoạt (125 phút; yêu cầu 90 phút)", "Đảng viên dự sinh hoạt (15/17, 88,24%)",
		"Đảng viên tham gia phát biểu (8/15, 53,33%)", "Tổng điểm: 89/100 điểm; xếp loại: Khá."} {
		if !strings.Contains(all, want) {
			t.Errorf("the minutes lack %q", want)
		}
	}
	if strings.Contains(strings.ToLower(all), "huyện") {
		t.Errorf("the minutes name a district")
	}

	// Page numbers from page 2 on, in the top margin; none on page 1.
	for p := 1; p <= n; p++ {
		has := false
		for _, l := range bboxLines(t, path, p) {
			if l.text == fmt.Sprint(p) && l.yMax < marginTop*mmToPt {
				has = true
			}
		}
		if has != (p > 1) {
			t.Errorf("page %d: page number shown = %v, want %v", p, has, p > 1)
		}
	}
	// The footer of an approved record: its short code on every page, and its QR code.
	code := store.ShortCode(sampleHash)
	for p := 1; p <= n; p++ {
		text := pdftotext(t, path, p)
		if !strings.Contains(text, "Mã đối chiếu: "+code) || strings.Contains(text, "BẢN NHÁP") {
			t.Errorf("page %d: the footer lacks the short code %s", p, code)
		}
	}
	checkQR(t, path, n, "sha256:"+sampleHash)

	// The signatures on the last page: THƯ KÝ left, CHỦ TRÌ right, level, names under them.
	last := bboxLines(t, path, n)
	centre := a4Short / 2
	sec, chair := findLine(t, last, "THƯ KÝ"), findLine(t, last, "CHỦ TRÌ")
	nameS, nameC := findLine(t, last, "Lò Thị Ánh"), findLine(t, last, "Giàng Seo Páo")
	if sec.xMax >= centre || nameS.xMax >= centre || chair.xMin <= centre || nameC.xMin <= centre {
		t.Errorf("THƯ KÝ (%.0f–%.0f) must be left and CHỦ TRÌ (%.0f–%.0f) right of %.0f", sec.xMin, sec.xMax, chair.xMin, chair.xMax, centre)
	}
	if !near(sec.yMin, chair.yMin, 1) || !near(nameS.yMin, nameC.yMin, 1) || nameS.yMin-sec.yMax < 20*mmToPt {
		t.Errorf("the signature blocks are not level, or leave no room to sign")
	}
}

func TestMinutesDraft(t *testing.T) {
	m := sampleMeeting()
	m.Body.Resolutions = append(m.Body.Resolutions, store.Resolution{Kind: rules.VoteGeneral, Text: "Chưa biểu quyết"})
	path := writeTemp(t, "bien-ban-nhap.pdf", writeMinutes(t, m))
	n := checkA4(t, path)
	for p := 1; p <= n; p++ {
		text := pdftotext(t, path, p)
		if !strings.Contains(text, "BẢN NHÁP") || strings.Contains(text, "Mã đối chiếu") {
			t.Errorf("page %d of a draft lacks BẢN NHÁP in its footer", p)
		}
	}
	if out := poppler(t, "pdfimages", "-list", path); strings.Count(out, "\n") != 2 {
		t.Errorf("a draft has images (a QR code?):\n%s", out)
	}
	all := flat(pdftotext(t, path, 0))
	for _, want := range []string{"Số ……-BB/CB", "Kết quả biểu quyết: ……/13 đồng chí tán thành"} {
		if !strings.Contains(all, want) {
			t.Errorf("the draft lacks %q", want)
		}
	}
	if regexp.MustCompile(`Số \d+-BB/CB`).MatchString(all) {
		t.Errorf("a draft has a number")
	}
}

func TestMinutesCorrection(t *testing.T) {
	m := sampleMeeting()
	m.CorrectsID, m.CorrectionReason = "01960000-0000-7000-8000-000000000001", "ghi sai số phiếu tán thành."
	path := writeTemp(t, "dinh-chinh.pdf", writeMinutes(t, m))
	lines := bboxLines(t, path, 1)
	title, note := findLine(t, lines, "Sinh hoạt chi bộ thường kỳ"), findLine(t, lines, "(Đính chính biên bản")
	if got := note.text; got != "(Đính chính biên bản đã thông qua; lý do: ghi sai số phiếu tán thành)" {
		t.Errorf("the correction line is %q", got)
	}
	if note.yMin <= title.yMax || note.yMin-title.yMax > 40 {
		t.Errorf("the correction line (y=%.0f) is not just under the title (y=%.0f)", note.yMin, title.yMax)
	}
	if !near(note.centreX(), (marginLeft+(210-marginLeft-marginRight)/2)*mmToPt, 2) {
		t.Errorf("the correction line is not centred")
	}
}

func TestMeetingSummaries(t *testing.T) {
	m := sampleMeeting()
	for _, tt := range []struct {
		kind, topic string
		date        store.Date
		want        []string
		resolution  string
	}{
		{store.MeetingRegular, "Sơ kết quý I", sampleDate, []string{"Sinh hoạt chi bộ thường kỳ tháng 3 năm 2026"},
			"Lãnh đạo thực hiện nhiệm vụ tháng 3 năm 2026"},
		{store.MeetingThematic, "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", store.NewDate(2026, 12, 20),
			[]string{"Sinh hoạt chi bộ chuyên đề tháng 12 năm 2026", "Chuyên đề: “Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh”"},
			"Lãnh đạo thực hiện nhiệm vụ tháng 1 năm 2027"},
		{store.MeetingCombined, "", store.NewDate(2026, 1, 31), []string{"Sinh hoạt chi bộ thường kỳ và chuyên đề tháng 1 năm 2026"},
			"Lãnh đạo thực hiện nhiệm vụ tháng 2 năm 2026"},
		{store.MeetingRegular, "", store.NewDate(2026, 1, 15), []string{"Sinh hoạt chi bộ thường kỳ tháng 1 năm 2026"},
			"Lãnh đạo thực hiện nhiệm vụ tháng 1 năm 2026"},
	} {
		m.Kind, m.Body.Topic, m.Date = tt.kind, tt.topic, tt.date
		f := factsOf(sampleProfile, m)
		if got := f.summary(); strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%s: summary %q, want %q", tt.kind, got, tt.want)
		}
		if got := f.resolutionSummary(); got != tt.resolution {
			t.Errorf("%s: resolution summary %q, want %q", tt.kind, got, tt.resolution)
		}
	}
}

func TestResolutionFromMeeting(t *testing.T) {
	m := approved(sampleMeeting())
	path := writeTemp(t, "nghi-quyet.pdf", writeResolution(t, m))
	n := checkA4(t, path)
	page1 := pdftotext(t, path, 1)
	for _, want := range []string{"ĐẢNG BỘ XÃ MƯỜNG KHƯƠNG", "CHI BỘ BẢN LÙNG VAI", "Số 03-NQ/CB",
		"Mường Khương, ngày 05 tháng 3 năm 2026", "NGHỊ QUYẾT", "Lãnh đạo thực hiện nhiệm vụ tháng 3 năm 2026"} {
		if !strings.Contains(page1, want) {
			t.Errorf("page 1 lacks %q:\n%s", want, page1)
		}
	}
	all := flat(pdftotext(t, path, 0))
	for _, want := range []string{
		"Ngày 05 tháng 3 năm 2026, từ 19 giờ 30 phút đến 21 giờ 35 phút, tại Nhà văn hóa bản Lùng Vai, Chi bộ bản Lùng Vai tổ chức sinh hoạt thường kỳ tháng 3 năm 2026 (thời lượng 125 phút).",
		"Tổng số đảng viên của chi bộ: 18 đồng chí; có mặt: 15 đồng chí (trong đó 1 đồng chí sinh hoạt tạm thời); vắng mặt: 2 đồng chí (có lý do: 1, không có lý do: 1); miễn công tác và sinh hoạt đảng: 1 đồng chí; đi sinh hoạt tạm thời nơi khác: 1 đồng chí.",
		"Chủ trì: đồng chí Giàng Seo Páo, Bí thư chi bộ; thư ký: đồng chí Lò Thị Ánh.",
		"I. KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT THÁNG TRƯỚC", "TT Nhiệm vụ Kết quả",
		"II. NHIỆM VỤ THÁNG TỚI",
		"a) Tập trung chăm sóc cây chè, ngô vụ xuân", "b) Hoàn thành đường bê tông nội bản trước ngày 15/4/2026.",
		"c) Tăng cường phòng, chống cháy rừng mùa khô.",
		"III. PHÂN CÔNG TỔ CHỨC THỰC HIỆN", "Người thực hiện", "Lý Seo Dìn,",
		"báo cáo Đảng ủy xã Mường Khương trong thời hạn 02 ngày",
		"IV. TỰ ĐÁNH GIÁ CHẤT LƯỢNG SINH HOẠT",
		"Chi bộ tự đánh giá chất lượng kỳ sinh hoạt đạt 89/100 điểm, xếp loại Khá.",
		"Thời lượng: 125 phút",
		"Nghị quyết được 12/13 đồng chí tán thành, đạt tỷ lệ 92,31%; 1 đồng chí không tán thành.",
		"Nơi nhận:", "- Đảng ủy xã Mường Khương (để báo cáo),", "- Đồng chí cấp ủy viên phụ trách,",
		"- Các đảng viên trong chi bộ,", "- Lưu hồ sơ chi bộ.",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the resolution lacks %q", want)
		}
	}
	// The admission that failed is in the minutes only.
	if strings.Contains(all, "Vàng Thị Dung") {
		t.Errorf("the resolution carries the admission the cell did not adopt")
	}
	// 16 official members: the committee signs.
	last := bboxLines(t, path, n)
	auth, title, name, rec := findLine(t, last, "T/M CHI ỦY"), findLine(t, last, "BÍ THƯ"),
		findLine(t, last, "Giàng Seo Páo"), findLine(t, last, "Nơi nhận:")
	centre := a4Short / 2
	if auth.xMin <= centre || title.xMin <= centre || name.xMin <= centre || rec.xMax >= centre {
		t.Errorf("the signature must be right and Nơi nhận left of the centre")
	}
	if !near(rec.yMin, auth.yMin, 3) {
		t.Errorf("Nơi nhận (y=%.0f) and the signature (y=%.0f) do not start level", rec.yMin, auth.yMin)
	}
	for p := 1; p <= n; p++ {
		if !strings.Contains(pdftotext(t, path, p), "Mã đối chiếu: "+store.ShortCode(sampleHash)) {
			t.Errorf("page %d lacks the short code", p)
		}
	}
	if strings.Contains(strings.ToLower(all), "huyện") {
		t.Errorf("the resolution names a district")
	}
}

func TestResolutionSmallCellAndFailedVote(t *testing.T) {
	// 5 official members: no committee, the cell signs.
	path := writeTemp(t, "nq-nho.pdf", writeResolution(t, smallMeeting()))
	all := flat(pdftotext(t, path, 0))
	if !strings.Contains(all, "T/M CHI BỘ") || strings.Contains(all, "T/M CHI ỦY") {
		t.Errorf("a cell of 5 official members must sign T/M CHI BỘ")
	}
	if !strings.Contains(all, "Nghị quyết được 5/5 đồng chí tán thành, đạt tỷ lệ 100%.") {
		t.Errorf("the adoption line is wrong:\n%s", all)
	}
	// The general resolution fails: the adoption line says so.
	m := approved(sampleMeeting())
	m.Body.Resolutions[0].For, m.Body.Resolutions[0].Against, m.Body.Resolutions[0].Abstain = 6, 5, 2
	path = writeTemp(t, "nq-truot.pdf", writeResolution(t, m))
	all = flat(pdftotext(t, path, 0))
	if want := "Nghị quyết không được thông qua: 6/13 đồng chí tán thành, đạt tỷ lệ 46,15%; 5 đồng chí không tán thành, 2 đồng chí không biểu quyết (cần hơn một nửa"; !strings.Contains(all, want) {
		t.Errorf("the resolution lacks %q:\n%s", want, all)
	}
	path = writeTemp(t, "bb-truot.pdf", writeMinutes(t, m))
	all = flat(pdftotext(t, path, 0))
	if want := "Kết quả biểu quyết: 6/13 đồng chí tán thành, đạt tỷ lệ 46,15%; 5 đồng chí không tán thành, 2 đồng chí không biểu quyết. Nội dung trên không được thông qua (cần hơn một nửa số đảng viên chính thức được biểu quyết tán thành)."; !strings.Contains(all, want) {
		t.Errorf("the minutes lack %q", want)
	}
}

func TestAttendanceSheet(t *testing.T) {
	m := sampleMeeting()
	var buf bytes.Buffer
	if err := AttendanceSheet(&buf, sampleProfile, m, Options{Created: fixedTime}); err != nil {
		t.Fatal(err)
	}
	path := writeTemp(t, "danh-sach.pdf", buf.Bytes())
	n := checkA4(t, path)
	all := pdftotext(t, path, 0)
	fl := flat(all)
	for _, want := range []string{"DANH SÁCH ĐẢNG VIÊN DỰ SINH HOẠT CHI BỘ", "Kỳ sinh hoạt thường kỳ tháng 3 năm 2026",
		"Mường Khương, ngày 05 tháng 3 năm 2026", "Họ và tên", "Ký tên", "Ghi chú", "Miễn sinh hoạt", "Đi sinh hoạt tạm thời",
		"- Tổng số đảng viên của chi bộ: 18 đồng chí (chính thức: 16, dự bị: 2); đảng viên sinh hoạt tạm thời: 1 đồng chí.",
		"- Có mặt: ……… đồng chí", "T/M CHI ỦY", "BÍ THƯ", "Giàng Seo Páo"} {
		if !strings.Contains(fl, want) {
			t.Errorf("the sheet lacks %q", want)
		}
	}
	// Every member once, in order, with the right mark.
	pos := -1
	for i, a := range m.Body.Attendance {
		at := strings.Index(all, a.Name)
		if at < pos || at < 0 {
			t.Errorf("member %d %s is missing or out of order", i+1, a.Name)
		}
		pos = at
	}
	row := regexp.MustCompile(`(?m)^\s*16\s+Lò Văn Páo\s+x\s*$`) // probationary: the mark in the second column
	if !row.MatchString(all) {
		t.Errorf("no row for the 16th member with one mark")
	}
	// The rows are tall enough to sign in: at least 10 mm from one name to the next.
	lines := bboxLines(t, path, 1)
	a, b := findLine(t, lines, "Giàng Seo Páo"), findLine(t, lines, "Lò Thị Ánh")
	if b.yMin-a.yMin < 10*mmToPt {
		t.Errorf("rows are %.1f mm apart, want 10 mm or more to sign", (b.yMin-a.yMin)/mmToPt)
	}
	// The marks sit in their columns: official, probationary, temporary, left to right.
	if n < 2 {
		t.Fatalf("%d page for 19 members in signing rows, want 2", n)
	}
	words := allWords(t, path, 2)
	column := func(header string) float64 {
		for i, w := range words {
			if w.text == header && header == "Dự" && i+1 < len(words) {
				return (w.xMin + words[i+1].xMax) / 2 // "Dự bị"
			}
			if w.text == header {
				return w.centreX()
			}
		}
		t.Fatalf("no header %q on page 2", header)
		return 0
	}
	markOf := func(name string) float64 {
		y := -1.0
		for _, w := range words {
			if w.text == name && y < 0 {
				y = w.yMin
			}
		}
		for _, w := range words {
			if w.text == "x" && near(w.yMin, y, 2) {
				return w.centreX()
			}
		}
		t.Fatalf("no mark on the row of %s", name)
		return 0
	}
	for _, tt := range []struct{ given, header string }{{"Seo", "Chính"}, {"Lềnh", "Dự"}, {"Tùng", "Tạm"}} {
		// Ma Seo Dìn is official, Hoàng Văn Lềnh probationary, Nông Văn Tùng temporary.
		if got, want := markOf(tt.given), column(tt.header); !near(got, want, 3) {
			t.Errorf("the mark of %s is at x=%.0f, want under %q at %.0f", tt.given, got, tt.header, want)
		}
	}
	if strings.Contains(all, "BẢN NHÁP") {
		t.Errorf("the sheet is not a draft of anything")
	}
}

func TestMeetingPlaceDate(t *testing.T) {
	m := approved(sampleMeeting())
	m.Date = store.NewDate(2026, 2, 3)
	path := writeTemp(t, "bb-thang2.pdf", writeMinutes(t, m))
	lines := bboxLines(t, path, 1)
	pd := findLine(t, lines, "Mường Khương, ngày 03 tháng 02 năm 2026")
	if pd.xMin <= a4Short/2-20 {
		t.Errorf("the place-and-date line is not on the right")
	}
	if nb := findLine(t, lines, "Số 03-BB/CB"); !near(nb.yMin, pd.yMin, 1) {
		t.Errorf("the number and the place-and-date are not on one line")
	}
	findLine(t, lines, "Sinh hoạt chi bộ thường kỳ tháng 2 năm 2026")
}

func TestMeetingDeterministic(t *testing.T) {
	m := approved(sampleMeeting())
	for name, f := range map[string]func(*bytes.Buffer, store.Profile, store.Meeting, Options) error{
		"minutes": func(b *bytes.Buffer, p store.Profile, m store.Meeting, o Options) error { return Minutes(b, p, m, o) },
		"resolution": func(b *bytes.Buffer, p store.Profile, m store.Meeting, o Options) error {
			return Resolution(b, p, m, o)
		},
		"sheet": func(b *bytes.Buffer, p store.Profile, m store.Meeting, o Options) error {
			return AttendanceSheet(b, p, m, o)
		},
	} {
		// A zero Created: an approved record takes its approval time.
		var a, b bytes.Buffer
		if err := f(&a, sampleProfile, m, Options{}); err != nil {
			t.Fatal(err)
		}
		if name == "sheet" {
			continue // printed before approval: its date is the caller's
		}
		if err := f(&b, sampleProfile, m, Options{}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: two prints of an approved record differ", name)
		}
		if !bytes.Contains(a.Bytes(), []byte("D:20260305143500")) {
			t.Errorf("%s: the creation date is not the approval time", name)
		}
	}
}

// TestMeetingOddRecords prints records a draft may hold: nothing may fail.
func TestMeetingOddRecords(t *testing.T) {
	odd := store.Meeting{Kind: "nonsense", Body: store.MeetingBody{
		Start: "7h30", End: "", Attendance: []store.Attendance{{}, {Name: "\xff", Status: "?"}},
		Items:       []store.AgendaItem{{}, {Speeches: []store.Speech{{}}}},
		Tasks:       []store.Task{{}},
		Reviews:     []store.TaskReview{{Status: "weird"}},
		Resolutions: []store.Resolution{{For: 99}, {For: -1}, {Kind: rules.VoteAdmission}},
		Documents:   []string{"", " "},
	}}
	for _, m := range []store.Meeting{{}, odd} {
		var buf bytes.Buffer
		for _, f := range []func() error{
			func() error { return Minutes(&buf, store.Profile{}, m, Options{Created: fixedTime}) },
			func() error { return Resolution(&buf, store.Profile{}, m, Options{Created: fixedTime}) },
			func() error { return AttendanceSheet(&buf, store.Profile{}, m, Options{Created: fixedTime}) },
		} {
			if err := f(); err != nil {
				t.Errorf("%v", err)
			}
		}
	}
}

// TestWriteMeetingSamples writes the meeting papers into $DOCUMENTS_SAMPLES to be looked at.
func TestWriteMeetingSamples(t *testing.T) {
	dir := os.Getenv("DOCUMENTS_SAMPLES")
	if dir == "" {
		t.Skip("set DOCUMENTS_SAMPLES to a folder to write the sample PDFs there")
	}
	m := approved(sampleMeeting())
	for name, data := range map[string][]byte{
		"meeting-minutes.pdf":       writeMinutes(t, m),
		"meeting-minutes-draft.pdf": writeMinutes(t, sampleMeeting()),
		"meeting-resolution.pdf":    writeResolution(t, m),
		"meeting-correction.pdf": func() []byte {
			c := sampleMeeting()
			c.CorrectsID, c.CorrectionReason = m.ID, "ghi sai số phiếu tán thành nghị quyết"
			return writeMinutes(t, c)
		}(),
		"meeting-resolution-small.pdf": func() []byte {
			return writeResolution(t, smallMeeting())
		}(),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := AttendanceSheet(&buf, sampleProfile, sampleMeeting(), Options{Created: fixedTime}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "meeting-sheet.pdf"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
