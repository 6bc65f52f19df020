package documents

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"chibo/rules"
	"chibo/store"
)

// The papers of a cell meeting (domain.md §2.3): the minutes (biên bản), the monthly
// resolution (nghị quyết) and the attendance sheet printed before the meeting. Everything
// they count (attendance, vote bases, the quality score) is computed here with package rules
// from what the record holds, never taken from typed totals.

// Minutes writes the minutes of meeting m (BIÊN BẢN sinh hoạt chi bộ) of the cell p as a PDF
// to w: the heading with "Số NN-BB/CB" (a blank to write in while m has no number), the title
// and summary, time and place, the attendance block, guests, chair and secretary, the
// documents passed down, the proceedings item by item with every speaker by name and the
// chair's conclusion, last month's task results, the new tasks, every vote with its count
// and percentage, the quality score, the closing sentence and the signatures of the
// secretary (left) and the chair (right).
//
// An approved record (RecordHash set) carries its short code and a QR code of its hash in
// the footer of every page; anything else is marked "BẢN NHÁP" there. opts.FooterText and
// opts.FooterQR are set from the record; a zero opts.Created is taken from the approval time,
// so an approved record prints as the same bytes every time.
func Minutes(w io.Writer, p store.Profile, m store.Meeting, opts Options) error {
	f := factsOf(p, m)
	opts = f.options(opts, "Biên bản "+lowerFirst(f.summary()[0]), "Biên bản sinh hoạt chi bộ")
	d := New(opts)
	d.minutes(f)
	return d.Write(w)
}

// Resolution writes the cell's monthly resolution adopted at meeting m (NGHỊ QUYẾT "Lãnh đạo
// thực hiện nhiệm vụ tháng …", for the month after the meeting's) as a PDF to w: the opening
// paragraph with the attendance and duration, I. last month's results as a table, II. next
// month's tasks from the resolutions' texts, III. who does what by when, IV. the quality
// score, the adoption line with the vote of the first general resolution, "Nơi nhận" and the
// signature on behalf of the committee (9 or more official members) or of the cell. The
// footer follows the same rule as Minutes.
func Resolution(w io.Writer, p store.Profile, m store.Meeting, opts Options) error {
	f := factsOf(p, m)
	opts = f.options(opts, "Nghị quyết "+lowerFirst(f.resolutionSummary())+" – "+oneLine(p.Name), "Nghị quyết chi bộ")
	d := New(opts)
	d.resolution(f)
	return d.Write(w)
}

// AttendanceSheet writes the sign-in sheet of meeting m, to be printed before it: every
// member on m's attendance list in order, whether official, probationary or attached
// temporarily, with a tall row to sign in and a note on exempted and absent-on-assignment
// members, then the totals to fill in by hand and the cell secretary's signature.
func AttendanceSheet(w io.Writer, p store.Profile, m store.Meeting, opts Options) error {
	f := factsOf(p, m)
	opts = f.options(opts, "Danh sách đảng viên dự sinh hoạt "+f.monthYear()+" – "+oneLine(p.Name), "Danh sách dự sinh hoạt chi bộ")
	// The sheet is printed before the meeting: it is never an approved record.
	opts.FooterText, opts.FooterQR = "", ""
	d := New(opts)
	d.attendanceSheet(f)
	return d.Write(w)
}

// meetingFacts is what the three papers compute from one meeting record.
type meetingFacts struct {
	p        store.Profile
	m        store.Meeting
	b        *store.MeetingBody
	approved bool
	totals   rules.Totals
	start    clock
	end      clock
	minutes  int // 0 when the start or end is missing
	speakers int // distinct members present who spoke
	score    rules.Score
}

// clock is a time of day read from the record's "HH:MM".
type clock struct {
	raw  string
	h, m int
	ok   bool
}

func parseClock(s string) clock {
	s = strings.TrimSpace(s)
	c := clock{raw: s}
	if t, err := time.Parse("15:04", s); err == nil {
		c.h, c.m, c.ok = t.Hour(), t.Minute(), true
	}
	return c
}

// words is "19 giờ 30 phút"; a time not given is a blank to write in, and one that cannot be
// read is printed as typed.
func (c clock) words() string {
	switch {
	case c.ok:
		return fmt.Sprintf("%d giờ %02d phút", c.h, c.m)
	case c.raw != "":
		return oneLine(c.raw)
	}
	return "… giờ … phút"
}

func factsOf(p store.Profile, m store.Meeting) *meetingFacts {
	f := &meetingFacts{p: p, m: m, b: &m.Body}
	f.approved = m.RecordHash != "" && m.Status == store.StatusApproved
	f.totals = rules.AttendanceTotals(rules.Attendees(m.Body.Attendance))
	f.speakers = rules.Speakers(m)
	f.start, f.end = parseClock(m.Body.Start), parseClock(m.Body.End)
	f.minutes = max(rules.MinutesHeld(m.Body.Start, m.Body.End), 0)
	f.score = rules.ScoreMeeting(rules.RubricFor(m.Date), rules.ScoreInputOf(m, f.totals))
	return f
}

// options completes the caller's options for a paper of this meeting: its properties, the
// footer of an approved record or of a draft, and a creation date from the approval.
func (f *meetingFacts) options(opts Options, title, subject string) Options {
	if opts.Title == "" {
		opts.Title = title
	}
	if opts.Subject == "" {
		opts.Subject = subject
	}
	if f.approved {
		opts.FooterText = "Mã đối chiếu: " + store.ShortCode(f.m.RecordHash)
		opts.FooterQR = "sha256:" + f.m.RecordHash
	} else {
		opts.FooterText = "BẢN NHÁP – chưa được chi bộ thông qua"
		opts.FooterQR = ""
	}
	if opts.Created.IsZero() {
		if t, err := time.Parse(time.RFC3339Nano, f.m.ApprovedAt); err == nil {
			opts.Created = t
		}
	}
	return opts
}

// monthYear is "tháng 3 năm 2026" for the meeting's month.
func (f *meetingFacts) monthYear() string { return monthYear(f.m.Date, 0) }

// monthYear is "tháng M năm YYYY" for the month n months after d's (blanks for a date not
// given).
func monthYear(d store.Date, n int) string {
	if !d.Valid() {
		return "tháng … năm …"
	}
	t := d.Time()
	t = time.Date(t.Year(), t.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	return fmt.Sprintf("tháng %d năm %d", int(t.Month()), t.Year())
}

// kindWords is how the summary names the meeting: "thường kỳ", "chuyên đề", or both.
func (f *meetingFacts) kindWords() string {
	switch f.m.Kind {
	case store.MeetingThematic:
		return "chuyên đề"
	case store.MeetingCombined:
		return "thường kỳ và chuyên đề"
	}
	return "thường kỳ"
}

// summary is the minutes' summary line, with a second line naming the subject of a thematic
// meeting.
func (f *meetingFacts) summary() []string {
	out := []string{"Sinh hoạt chi bộ " + f.kindWords() + " " + f.monthYear()}
	if topic := oneLine(f.b.Topic); topic != "" && f.m.Kind != store.MeetingRegular {
		// The topic may already say "Chuyên đề: …"; the title says it once.
		for _, prefix := range []string{"Chuyên đề:", "chuyên đề:", "CHUYÊN ĐỀ:"} {
			topic = strings.TrimSpace(strings.TrimPrefix(topic, prefix))
		}
		out = append(out, "Chuyên đề: “"+strings.Trim(topic, "\"“”")+"”")
	}
	return out
}

// resolutionSummary is "Lãnh đạo thực hiện nhiệm vụ tháng …": the resolution leads the work
// until the next meeting, so a meeting in the first half of a month (most cells meet between
// the 3rd and the 10th) leads that month, and one in the second half leads the next.
func (f *meetingFacts) resolutionSummary() string {
	ahead := 0
	if f.m.Date.Time().Day() > 15 {
		ahead = 1
	}
	return "Lãnh đạo thực hiện nhiệm vụ " + monthYear(f.m.Date, ahead)
}

// number is the number line, "Số 03-BB/CB", or "Số …-BB/CB" to be written in while the
// record has no number yet.
func number(n int, code string) string {
	if n <= 0 {
		return "Số ……-" + code + "/CB"
	}
	return fmt.Sprintf("Số %02d-%s/CB", n, code)
}

// comrades is "12 đồng chí".
func comrades(n int) string { return strconv.Itoa(n) + " đồng chí" }

// chairWords is "đồng chí Giàng Seo Páo, Bí thư chi bộ" (the office only when the chair is
// the cell's secretary).
func (f *meetingFacts) chairWords() string {
	name := oneLine(f.b.ChairName)
	if name == "" {
		return "đồng chí …"
	}
	if name == oneLine(f.p.Secretary) {
		return "đồng chí " + name + ", Bí thư chi bộ"
	}
	return "đồng chí " + name
}

func (f *meetingFacts) secretaryWords() string {
	if name := oneLine(f.b.Secretary); name != "" {
		return "đồng chí " + name
	}
	return "đồng chí …"
}

// place is the meeting's place, or a blank.
func (f *meetingFacts) place() string {
	if s := oneLine(f.b.Place); s != "" {
		return s
	}
	return "…"
}

// durationWords is "125 phút", or a blank.
func (f *meetingFacts) durationWords() string {
	if f.minutes > 0 {
		return strconv.Itoa(f.minutes) + " phút"
	}
	return "… phút"
}

// Sub-item styles: "+" lines sit a step further in than "-" lines.
func subItem() Style {
	st := Body()
	st.Indent += 6
	return st
}

// dashed adds "- label: text" with the label in bold.
func (d *Doc) dashed(label, text string) {
	d.Rich(Run{Text: "- "}, Run{Text: label + ":", Bold: true}, Run{Text: " " + oneLine(text)})
}

// minutes lays out the minutes.
func (d *Doc) minutes(f *meetingFacts) {
	defer d.guard(nil)
	b, t := f.b, f.totals
	d.Header(HeaderFor(f.p, number(f.m.Number, "BB"), f.m.Date))
	d.Title("Biên bản", f.summary()...)
	d.correctionNote(f)

	d.Heading(Roman(1) + ". THỜI GIAN, ĐỊA ĐIỂM")
	d.dashed("Thời gian", "Bắt đầu lúc "+f.start.words()+", "+DateWords(f.m.Date)+".")
	d.dashed("Địa điểm", f.place()+".")

	d.Heading(Roman(2) + ". THÀNH PHẦN")
	for _, l := range attendanceLines(t) {
		d.Item("-", l)
	}
	var excused, unexcused []string
	for _, a := range b.Attendance {
		notExpected := (store.HasFlag(a.Flags, store.FlagExempted) || store.HasFlag(a.Flags, store.FlagTempOut)) &&
			a.Status != store.AttPresent
		switch {
		case a.Status == store.AttPresent || notExpected:
		case a.Status == store.AttAbsentExcused:
			s := "đồng chí " + oneLine(a.Name)
			if r := oneLine(a.Reason); r != "" {
				s += " (" + strings.TrimRight(r, ".") + ")"
			}
			excused = append(excused, s)
		default:
			unexcused = append(unexcused, "đồng chí "+oneLine(a.Name))
		}
	}
	if len(excused) > 0 {
		d.Text(subItem(), Run{Text: "+ Vắng mặt có lý do: " + strings.Join(excused, "; ") + "."})
	}
	if len(unexcused) > 0 {
		d.Text(subItem(), Run{Text: "+ Vắng mặt không có lý do: " + strings.Join(unexcused, "; ") + "."})
	}
	var guests []string
	for _, g := range b.Guests {
		name := oneLine(g.Name)
		if name == "" {
			continue
		}
		s := "đồng chí " + name
		if pos := oneLine(g.Position); pos != "" {
			s += ", " + pos
		}
		guests = append(guests, s)
	}
	if len(guests) > 0 {
		d.dashed("Khách mời", strings.Join(guests, "; ")+".")
	} else {
		d.dashed("Khách mời", "không có.")
	}
	d.dashed("Chủ trì", f.chairWords()+".")
	d.dashed("Thư ký", f.secretaryWords()+".")

	d.Heading(Roman(3) + ". NỘI DUNG SINH HOẠT")
	sec := 0
	next := func(title string) { sec++; d.headingOverTable(strconv.Itoa(sec) + ". " + title) }

	next("Thông qua chương trình; quán triệt văn bản của cấp trên")
	if topic := oneLine(b.Topic); topic != "" && f.m.Kind == store.MeetingRegular {
		d.dashed("Nội dung chính", topic)
	}
	docs := nonEmpty(b.Documents)
	if len(docs) > 0 {
		d.Item("-", "Chi bộ đã nghe thông tin, quán triệt các văn bản của cấp trên:")
		for _, doc := range docs {
			d.Text(subItem(), Run{Text: "+ " + doc + "."})
		}
	} else {
		d.Item("-", "Trong tháng không có văn bản mới của cấp trên cần quán triệt.")
	}
	if fee := oneLine(b.FeeReport); fee != "" {
		d.dashed("Tình hình đóng đảng phí", strings.TrimRight(fee, ".")+".")
	}

	next("Diễn biến sinh hoạt")
	if len(b.Items) == 0 {
		d.Paragraph("…")
	}
	for i, it := range b.Items {
		title := oneLine(it.Title)
		if title == "" {
			title = "…"
		}
		titleRun := Run{Text: Letter(i) + ") " + title, Bold: true}
		d.keep(Body(), []Run{titleRun}, 2*lineHeight(14, 1.2))
		d.Text(Body(), titleRun)
		for _, s := range it.Speeches {
			who := speakerName(s.Speaker)
			if s.SpeakerID == "" {
				who += " (khách mời)" // store.Speech: a guest has no member id
			}
			runs := []Run{{Text: "- Đồng chí "}, {Text: who, Bold: true}, {Text: ": "}}
			runs = append(runs, Run{Text: joinLines(s.Text)})
			d.Text(Body(), runs...)
		}
		if c := joinLines(it.Conclusion); c != "" {
			d.Text(Body(), Run{Text: "Chủ trì kết luận: ", Bold: true, Italic: true}, Run{Text: c})
		}
	}

	next("Kết quả thực hiện nghị quyết tháng trước")
	d.reviews(f)

	next("Nhiệm vụ tháng tới và phân công thực hiện")
	d.tasks(f)

	next("Biểu quyết")
	if len(b.Resolutions) == 0 {
		d.Paragraph("Kỳ sinh hoạt này không có nội dung biểu quyết.")
	}
	for i, r := range b.Resolutions {
		label := Run{Text: Letter(i) + ") ", Bold: true}
		lines := paragraphsOf(r.Text)
		switch {
		case len(lines) > 1 && voteKind(r.Kind) == rules.VoteGeneral:
			// The month's resolution, one task a line: name it, then list them.
			d.Text(Body(), label, Run{Text: "Nghị quyết " + lowerFirst(f.resolutionSummary()) + ":", Bold: true})
			for _, l := range lines {
				d.Item("-", stripBullet(l))
			}
		case len(lines) == 0:
			d.Text(Body(), label, Run{Text: voteSubject(r.Kind), Bold: true}, Run{Text: "…"})
		default:
			d.Text(Body(), label, Run{Text: voteSubject(r.Kind), Bold: true}, Run{Text: stripBullet(lines[0])})
			for _, l := range lines[1:] {
				d.Paragraph(l)
			}
		}
		d.Text(Body(), voteRuns(r, t.VoteBase, f.approved)...)
	}

	notes := paragraphsOf(b.Notes)
	if len(notes) > 0 || b.NextDate.Valid() || oneLine(b.NextContent) != "" {
		next("Các nội dung khác")
		for _, n := range notes {
			d.Paragraph(n)
		}
		if b.NextDate.Valid() || oneLine(b.NextContent) != "" {
			s := "Kỳ sinh hoạt tới"
			if b.NextDate.Valid() {
				s += " dự kiến vào " + DateWords(b.NextDate)
			}
			if c := oneLine(b.NextContent); c != "" {
				s += "; nội dung: " + lowerFirst(strings.TrimRight(c, "."))
			}
			d.Paragraph(s + ".")
		}
	}

	d.headingOverTable(Roman(4) + ". ĐÁNH GIÁ CHẤT LƯỢNG SINH HOẠT")
	d.scoreTable(f)
	d.Rich(Run{Text: "Tổng điểm: "}, Run{Text: points(f.score.Total) + "/100 điểm", Bold: true},
		Run{Text: "; xếp loại: "}, Run{Text: ratingWords[f.score.Rating], Bold: true},
		Run{Text: ". Thời lượng: " + f.durationWords() + fmt.Sprintf(" (yêu cầu tối thiểu %d phút).", f.score.Required)})

	closing := "Buổi sinh hoạt kết thúc lúc " + f.end.words() + " cùng ngày. Biên bản đã được đọc lại trước chi bộ " +
		"và được chi bộ nhất trí thông qua."
	// The signatures never stand alone on a page: the closing sentence goes with them.
	d.Space(2)
	d.keep(Body(), []Run{{Text: closing}}, signaturesHeight(1))
	d.Paragraph(closing)
	d.Signatures(Signature{Title: "Thư ký", Name: oneLine(b.Secretary)},
		Signature{Title: "Chủ trì", Name: oneLine(b.ChairName)})
}

// keep starts a new page unless the block of runs in style st and after more millimetres
// below it fit on this one: a heading stays with what follows, a closing sentence with the
// signatures.
func (d *Doc) keep(st Style, runs []Run, after float64) {
	if d.failed() {
		return
	}
	d.ensurePage()
	h := st.Before*ptToMM + float64(len(d.layout(st, runs)))*lineHeight(st.size(), st.spacing()) + st.After*ptToMM
	d.need(h + after)
}

// headingOverTable adds a section heading and keeps it with the header and first row of a
// table that may follow it (Heading alone keeps it with two lines of text).
func (d *Doc) headingOverTable(text string) {
	d.keep(HeadingStyle(), []Run{{Text: text}}, 25)
	d.Heading(text)
}

// signaturesHeight is the height of a row of signatures whose titles take lines lines,
// with the gap above it (see Signatures).
func signaturesHeight(lines int) float64 {
	lh := lineHeight(signSize, 1.2)
	return closingGap + float64(lines)*lh + signSpace + lh
}

// correctionNote prints, under the title of a correction, what it corrects and why.
func (d *Doc) correctionNote(f *meetingFacts) {
	if f.m.CorrectsID == "" {
		return
	}
	reason := strings.TrimRight(oneLine(f.m.CorrectionReason), ".")
	if reason == "" {
		reason = "…"
	}
	d.y -= 5
	d.Text(Style{Size: 13, Italic: true, Align: AlignCenter, Left: 10, Right: 10, After: 6},
		Run{Text: "(Đính chính biên bản đã thông qua; lý do: " + reason + ")"})
}

// attendanceLines are the lines of the attendance block, computed from the list.
func attendanceLines(t rules.Totals) []string {
	return []string{
		fmt.Sprintf("Tổng số đảng viên của chi bộ: %s (chính thức: %d, dự bị: %d); đảng viên sinh hoạt tạm thời: %s.",
			comrades(t.Total), t.Official, t.Probationary, comrades(t.Temporary)),
		fmt.Sprintf("Đảng viên được miễn công tác và sinh hoạt đảng: %s; đảng viên đi sinh hoạt tạm thời nơi khác: %s.",
			comrades(t.Exempted), comrades(t.TempAway)),
		fmt.Sprintf("Có mặt: %s (chính thức: %d, dự bị: %d, sinh hoạt tạm thời: %d).",
			comrades(t.Present), t.PresentOfficial, t.PresentProbationary, t.PresentTemporary),
		fmt.Sprintf("Vắng mặt: %s (có lý do: %d, không có lý do: %d).",
			comrades(t.AbsentExcused+t.AbsentUnexcused), t.AbsentExcused, t.AbsentUnexcused),
	}
}

// reviewWords are the statuses of last month's tasks as the papers print them.
var reviewWords = map[string]string{
	store.TaskDone:       "Hoàn thành",
	store.TaskInProgress: "Đang triển khai",
	store.TaskOverdue:    "Quá hạn",
	store.TaskOngoing:    "Thường xuyên",
}

// reviews prints the results of last month's tasks: a count by status and the table.
func (d *Doc) reviews(f *meetingFacts) {
	rs := f.b.Reviews
	if len(rs) == 0 {
		d.Paragraph("Nghị quyết tháng trước không có nhiệm vụ chuyển sang kỳ này để đánh giá.")
		return
	}
	count := map[string]int{}
	for _, r := range rs {
		count[r.Status]++
	}
	var parts []string
	for _, s := range []string{store.TaskDone, store.TaskOngoing, store.TaskInProgress, store.TaskOverdue} {
		if count[s] > 0 {
			parts = append(parts, strings.ToLower(reviewWords[s])+" "+strconv.Itoa(count[s]))
		}
	}
	if n := len(rs) - count[store.TaskDone] - count[store.TaskOngoing] - count[store.TaskInProgress] - count[store.TaskOverdue]; n > 0 {
		parts = append(parts, "chưa đánh giá "+strconv.Itoa(n))
	}
	d.Paragraph(fmt.Sprintf("Chi bộ đã kiểm điểm %d nhiệm vụ của Nghị quyết tháng trước: %s.", len(rs), strings.Join(parts, ", ")))
	rows := make([][]string, len(rs))
	for i, r := range rs {
		result := reviewWords[r.Status]
		if s := strings.TrimSpace(clean(r.Result)); s != "" {
			if result != "" {
				result += ".\n"
			}
			result += joinLines(s)
		}
		rows[i] = []string{strconv.Itoa(i + 1), joinLines(r.Description), result}
	}
	d.Table(Table{
		Columns: []Column{
			{Title: "TT", Width: 1, Align: AlignCenter},
			{Title: "Nhiệm vụ", Width: 6.5},
			{Title: "Kết quả", Width: 4.5},
		},
		Rows: rows,
	})
}

// tasks prints the new tasks as a table: what, who, by when.
func (d *Doc) tasks(f *meetingFacts) {
	ts := f.b.Tasks
	if len(ts) == 0 {
		d.Paragraph("Kỳ sinh hoạt này không giao nhiệm vụ mới.")
		return
	}
	rows := make([][]string, len(ts))
	for i, t := range ts {
		who := nonEmpty(t.Assignees)
		rows[i] = []string{strconv.Itoa(i + 1), joinLines(t.Description), strings.Join(who, ",\n"), t.Deadline.DMY()}
	}
	d.Table(Table{
		Columns: []Column{
			{Title: "TT", Width: 1, Align: AlignCenter},
			{Title: "Nhiệm vụ", Width: 6},
			{Title: "Người thực hiện", Width: 3.4},
			{Title: "Thời hạn", Width: 2.2, Align: AlignCenter},
		},
		Rows: rows,
	})
}

// criterionWords names the criteria of the quality rubrics (rules.Criterion.Key).
var criterionWords = map[string]string{
	"duration":    "Thời lượng sinh hoạt",
	"attendance":  "Đảng viên dự sinh hoạt",
	"preparation": "Công tác chuẩn bị",
	"speakers":    "Đảng viên tham gia phát biểu",
	"conduct":     "Nội dung, trình tự sinh hoạt",
	"chairing":    "Vai trò chủ trì của bí thư",
	"principles":  "Thực hiện nguyên tắc sinh hoạt đảng",
	"results":     "Kết quả thực hiện nhiệm vụ",
	"closing":     "Kết luận, biểu quyết, thông qua biên bản",
}

// ratingWords are the ratings in Vietnamese.
var ratingWords = map[string]string{
	rules.RatingGood:    "Tốt",
	rules.RatingFair:    "Khá",
	rules.RatingAverage: "Trung bình",
	rules.RatingPoor:    "Kém",
}

// scoreTable prints the quality score criterion by criterion, with what the computed ones
// were computed from.
func (d *Doc) scoreTable(f *meetingFacts) {
	s, t := f.score, f.totals
	var rows [][]string
	maxSum := 0.0
	for i, l := range s.Lines {
		name := criterionWords[l.Key]
		if name == "" {
			name = l.Key
		}
		switch l.Auto {
		case rules.AutoDuration:
			name += fmt.Sprintf(" (%s; yêu cầu %d phút)", f.durationWords(), s.Required)
		case rules.AutoAttendance:
			name += fmt.Sprintf(" (%d/%d, %s)", t.Present, t.Summoned, rules.FormatPercent(s.AttendanceRate))
		case rules.AutoSpeakers:
			name += fmt.Sprintf(" (%d/%d, %s)", f.speakers, t.Present, rules.FormatPercent(s.SpeakerShare))
		}
		maxSum += l.Max
		rows = append(rows, []string{strconv.Itoa(i + 1), name, points(l.Max), points(l.Points)})
	}
	rows = append(rows, []string{"", "Tổng cộng", points(maxSum), points(s.Total)})
	d.Table(Table{
		Columns: []Column{
			{Title: "TT", Width: 1, Align: AlignCenter},
			{Title: "Tiêu chí", Width: 8},
			{Title: "Điểm\ntối đa", Width: 1.6, Align: AlignCenter},
			{Title: "Điểm\nđạt", Width: 1.6, Align: AlignCenter},
		},
		Rows: rows,
	})
}

// points writes a score the Vietnamese way: "92", "7,5".
func points(v float64) string {
	s := strconv.FormatFloat(float64(int64(v*100+0.5))/100, 'f', -1, 64)
	return strings.Replace(s, ".", ",", 1)
}

// voteSubject opens a resolution put to the vote, by its kind.
func voteSubject(kind string) string {
	switch kind {
	case rules.VoteAdmission:
		return "Đề nghị kết nạp đảng viên: "
	case rules.VoteOfficialStatus:
		return "Đề nghị công nhận đảng viên chính thức: "
	}
	return ""
}

// voteKind is a resolution's kind for rules.CountVote; an empty kind is a general one.
func voteKind(kind string) string {
	if kind == "" {
		return rules.VoteGeneral
	}
	return kind
}

// threshold is what a vote of this kind needs, in words.
func threshold(kind string) string {
	if kind == rules.VoteAdmission || kind == rules.VoteOfficialStatus {
		return "cần ít nhất hai phần ba số đảng viên chính thức được biểu quyết tán thành"
	}
	return "cần hơn một nửa số đảng viên chính thức được biểu quyết tán thành"
}

// problemWords says why a count cannot be right (rules.VoteResult.Problem).
var problemWords = map[string]string{
	"err.vote.negative": "số phiếu không được âm",
	"err.vote.too_many": "tổng số phiếu nhiều hơn số đảng viên được biểu quyết",
	"err.vote.no_base":  "không có đảng viên chính thức nào được biểu quyết",
}

// unvoted reports whether a draft's resolution has no count yet: the paper then leaves the
// count to be written in.
func unvoted(r store.Resolution, approved bool) bool {
	return !approved && r.For == 0 && r.Against == 0 && r.Abstain == 0
}

// othersWords is "; 1 đồng chí không tán thành, 2 đồng chí không biểu quyết", or "".
func othersWords(v rules.VoteResult) string {
	var parts []string
	if v.Against > 0 {
		parts = append(parts, comrades(v.Against)+" không tán thành")
	}
	if v.Abstain > 0 {
		parts = append(parts, comrades(v.Abstain)+" không biểu quyết")
	}
	if len(parts) == 0 {
		return ""
	}
	return "; " + strings.Join(parts, ", ")
}

// voteRuns is the sentence that gives a resolution's vote: "Nội dung trên được chi bộ biểu
// quyết thông qua với 12/13 đồng chí tán thành, đạt tỷ lệ 92,31%", or why it failed.
func voteRuns(r store.Resolution, base int, approved bool) []Run {
	kind := voteKind(r.Kind)
	if unvoted(r, approved) {
		return []Run{{Text: fmt.Sprintf("Kết quả biểu quyết: ……/%d đồng chí tán thành, đạt tỷ lệ ……%%; "+
			"…… đồng chí không tán thành; …… đồng chí không biểu quyết.", base)}}
	}
	v := rules.CountVote(kind, r.For, r.Against, r.Abstain, base)
	count := fmt.Sprintf("%d/%d", v.For, v.Base)
	if v.Problem != "" {
		return []Run{{Text: fmt.Sprintf("Kết quả biểu quyết ghi nhận %d tán thành, %d không tán thành, %d không biểu quyết "+
			"trên %d đảng viên chính thức được biểu quyết: %s; cần kiểm tra lại.",
			r.For, r.Against, r.Abstain, base, problemWords[v.Problem])}}
	}
	pct := rules.FormatPercent(v.Percent)
	if v.Passed {
		return []Run{{Text: "Nội dung trên được chi bộ biểu quyết thông qua với "},
			{Text: count, Bold: true}, {Text: " đồng chí tán thành, đạt tỷ lệ " + pct + othersWords(v) + "."}}
	}
	return []Run{{Text: "Kết quả biểu quyết: "}, {Text: count, Bold: true},
		{Text: " đồng chí tán thành, đạt tỷ lệ " + pct + othersWords(v) + ". "},
		{Text: "Nội dung trên không được thông qua", Bold: true}, {Text: " (" + threshold(kind) + ")."}}
}

// resolution lays out the monthly resolution.
func (d *Doc) resolution(f *meetingFacts) {
	defer d.guard(nil)
	b, t := f.b, f.totals
	d.Header(HeaderFor(f.p, number(f.m.ResolutionNumber, "NQ"), f.m.Date))
	d.Title("Nghị quyết", f.resolutionSummary())
	d.correctionNote(f)

	cell := oneLine(f.p.Name)
	if cell == "" {
		cell = "Chi bộ"
	}
	when := ""
	if f.start.ok || f.start.raw != "" {
		when = ", từ " + f.start.words()
		if f.end.ok || f.end.raw != "" {
			when += " đến " + f.end.words()
		}
	}
	date := DateWords(f.m.Date)
	opening := fmt.Sprintf("%s%s, tại %s, %s tổ chức sinh hoạt %s %s (thời lượng %s). ",
		strings.ToUpper(date[:1])+date[1:], when, f.place(), cell, f.kindWords(), f.monthYear(), f.durationWords())
	present := comrades(t.Present)
	if t.PresentTemporary > 0 {
		present += fmt.Sprintf(" (trong đó %s sinh hoạt tạm thời)", comrades(t.PresentTemporary))
	}
	opening += fmt.Sprintf("Tổng số đảng viên của chi bộ: %s; có mặt: %s; vắng mặt: %s (có lý do: %d, không có lý do: %d); "+
		"miễn công tác và sinh hoạt đảng: %s. ", comrades(t.Total), present,
		comrades(t.AbsentExcused+t.AbsentUnexcused), t.AbsentExcused, t.AbsentUnexcused, comrades(t.Exempted))
	if t.TempAway > 0 {
		opening = strings.TrimSuffix(opening, ". ") + fmt.Sprintf("; đi sinh hoạt tạm thời nơi khác: %s. ", comrades(t.TempAway))
	}
	opening += "Chủ trì: " + f.chairWords() + "; thư ký: " + f.secretaryWords() + "."
	d.Paragraph(opening)
	if fee := oneLine(b.FeeReport); fee != "" {
		d.Paragraph("Chi bộ đã nghe thông báo tình hình đóng đảng phí: " + lowerFirst(strings.TrimRight(fee, ".")) + ".")
	}
	d.Paragraph("Sau khi thảo luận, chi bộ thống nhất quyết nghị:")

	d.Heading(Roman(1) + ". KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT THÁNG TRƯỚC")
	d.reviews(f)

	d.Heading(Roman(2) + ". NHIỆM VỤ THÁNG TỚI")
	n := 0
	for _, r := range b.Resolutions {
		kind := voteKind(r.Kind)
		v := rules.CountVote(kind, r.For, r.Against, r.Abstain, t.VoteBase)
		if !unvoted(r, f.approved) && !v.Passed {
			continue // a decision the cell did not adopt is in the minutes only
		}
		lines := paragraphsOf(r.Text)
		if kind != rules.VoteGeneral {
			if len(lines) == 0 {
				continue
			}
			s := voteSubject(kind) + strings.Join(lines, "; ")
			if v.Passed {
				s = strings.TrimRight(s, ".") + fmt.Sprintf(" (%d/%d đồng chí tán thành, đạt tỷ lệ %s).",
					v.For, v.Base, rules.FormatPercent(v.Percent))
			}
			d.Item(Letter(n)+")", s)
			n++
			continue
		}
		for _, l := range lines {
			d.Item(Letter(n)+")", stripBullet(l))
			n++
		}
	}
	if n == 0 {
		d.Paragraph("…")
	}

	d.headingOverTable(Roman(3) + ". PHÂN CÔNG TỔ CHỨC THỰC HIỆN")
	d.tasks(f)
	office := oneLine(f.p.OfficeName)
	if office == "" {
		office = "cấp ủy cấp trên"
	}
	d.Paragraph("Các đồng chí được phân công chủ động triển khai thực hiện và báo cáo kết quả tại kỳ sinh hoạt " +
		"tháng sau. Bí thư chi bộ chỉ đạo, đôn đốc, kiểm tra việc thực hiện nghị quyết; đăng tải nghị quyết " +
		"lên Sổ tay đảng viên điện tử và báo cáo " + office + " trong thời hạn 02 ngày kể từ ngày kết thúc kỳ sinh hoạt.")

	d.Heading(Roman(4) + ". TỰ ĐÁNH GIÁ CHẤT LƯỢNG SINH HOẠT")
	d.Rich(Run{Text: "Chi bộ tự đánh giá chất lượng kỳ sinh hoạt đạt "}, Run{Text: points(f.score.Total) + "/100 điểm", Bold: true},
		Run{Text: ", xếp loại "}, Run{Text: ratingWords[f.score.Rating], Bold: true}, Run{Text: "."})
	d.Paragraph("Thời lượng: " + f.durationWords() + fmt.Sprintf(" (yêu cầu tối thiểu %d phút).", f.score.Required))

	d.Space(2)
	adoption := adoptionRuns(f)
	d.keep(Body(), adoption, signaturesHeight(2))
	d.Text(Body(), adoption...)

	d.Recipients(
		oneLine(f.p.OfficeName)+" (để báo cáo),",
		"Đồng chí cấp ủy viên phụ trách,",
		"Các đảng viên trong chi bộ,",
		"Lưu hồ sơ chi bộ.",
	)
	d.Signatures(Signature{Authority: authority(t), Title: "Bí thư", Name: oneLine(f.p.Secretary)})
}

// authority is the prefix of the resolution's signature: a cell with 9 or more official
// members has a committee (chi ủy) and signs on its behalf (Điều lệ Điều 24; domain.md §2.1).
func authority(t rules.Totals) string {
	if t.Official >= 9 {
		return "T/M Chi ủy"
	}
	return "T/M Chi bộ"
}

// adoptionRuns is the resolution's adoption line, from the vote of its first general
// resolution.
func adoptionRuns(f *meetingFacts) []Run {
	base := f.totals.VoteBase
	for _, r := range f.b.Resolutions {
		kind := voteKind(r.Kind)
		if kind != rules.VoteGeneral {
			continue
		}
		if unvoted(r, f.approved) {
			break
		}
		v := rules.CountVote(kind, r.For, r.Against, r.Abstain, base)
		if v.Problem != "" {
			break
		}
		count := fmt.Sprintf("%d/%d", v.For, v.Base)
		pct := rules.FormatPercent(v.Percent)
		if !v.Passed {
			return []Run{{Text: "Nghị quyết "}, {Text: "không được thông qua", Bold: true},
				{Text: ": " + count + " đồng chí tán thành, đạt tỷ lệ " + pct + othersWords(v) + " (" + threshold(kind) + ")."}}
		}
		return []Run{{Text: "Nghị quyết được "}, {Text: count, Bold: true},
			{Text: " đồng chí tán thành, đạt tỷ lệ " + pct + othersWords(v) + "."}}
	}
	return []Run{{Text: fmt.Sprintf("Nghị quyết được ……/%d đồng chí tán thành, đạt tỷ lệ ……%%.", base)}}
}

// attendanceSheet lays out the sign-in sheet.
func (d *Doc) attendanceSheet(f *meetingFacts) {
	defer d.guard(nil)
	t := f.totals
	d.Header(HeaderFor(f.p, "", f.m.Date))
	d.Title("Danh sách đảng viên dự sinh hoạt chi bộ", "Kỳ sinh hoạt "+f.kindWords()+" "+f.monthYear())
	d.dashed("Thời gian", f.start.words()+", "+DateWords(f.m.Date)+".")
	d.dashed("Địa điểm", f.place()+".")

	spec := tableSpec{
		cols: []Column{
			{Title: "TT", Width: 1, Align: AlignCenter},
			{Title: "Họ và tên", Width: 5},
			{Title: "Chính\nthức", Width: 1.5, Align: AlignCenter},
			{Title: "Dự bị", Width: 1.5, Align: AlignCenter},
			{Title: "Tạm\nthời", Width: 1.5, Align: AlignCenter},
			{Title: "Ký tên", Width: 3.8},
			{Title: "Ghi chú", Width: 2.8},
		},
		size:      13,
		headSize:  12,
		spacing:   1.15,
		pad:       1.5,
		vpad:      3.2,
		rowRule:   0.2,
		startText: 2,
	}
	head := make([]cell, len(spec.cols))
	for i, c := range spec.cols {
		head[i] = cell{{Text: c.Title}}
	}
	// The header row is not as tall as the signing rows.
	spec.header = [][]cell{head}
	for i, a := range f.b.Attendance {
		mark := [3]string{}
		switch {
		case store.HasFlag(a.Flags, store.FlagTempIn):
			mark[2] = "x"
		case a.State == store.StateProbationary:
			mark[1] = "x"
		default:
			mark[0] = "x"
		}
		var note []string
		for _, fl := range []struct{ flag, word string }{
			{store.FlagExempted, "Miễn sinh hoạt"},
			{store.FlagTempOut, "Đi sinh hoạt tạm thời"},
			{store.FlagSuspended, "Đình chỉ sinh hoạt"},
		} {
			if store.HasFlag(a.Flags, fl.flag) {
				note = append(note, fl.word)
			}
		}
		spec.rows = append(spec.rows, []cell{
			{{Text: strconv.Itoa(i + 1)}},
			{{Text: oneLine(a.Name)}},
			{{Text: mark[0]}}, {{Text: mark[1]}}, {{Text: mark[2]}},
			nil,
			{{Text: strings.Join(note, "; "), Italic: true}},
		})
	}
	if len(spec.rows) == 0 {
		spec.rows = append(spec.rows, make([]cell, len(spec.cols)))
	}
	d.drawTable(spec)

	d.Space(2)
	d.keep(Body(), []Run{{Text: "x"}}, 2*lineHeight(14, 1.2)+signaturesHeight(2))
	d.Item("-", fmt.Sprintf("Tổng số đảng viên của chi bộ: %s (chính thức: %d, dự bị: %d); đảng viên sinh hoạt tạm thời: %s.",
		comrades(t.Total), t.Official, t.Probationary, comrades(t.Temporary)))
	d.Item("-", "Có mặt: ……… đồng chí (chính thức: ……, dự bị: ……, sinh hoạt tạm thời: ……).")
	d.Item("-", "Vắng mặt có lý do: ……… đồng chí; vắng mặt không có lý do: ……… đồng chí.")
	d.Signatures(Signature{Authority: authority(t), Title: "Bí thư", Name: oneLine(f.p.Secretary)})
}

// speakerName is a speaker's name without the "đồng chí" the paper puts before it, or a
// blank.
func speakerName(s string) string {
	s = oneLine(s)
	if r := []rune(s); len(r) > 8 && strings.EqualFold(string(r[:8]), "đồng chí") && r[8] == ' ' {
		s = strings.TrimSpace(string(r[9:]))
	}
	if s == "" {
		return "…"
	}
	return s
}

// nonEmpty returns the items of ss that are not blank, each on one line.
func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s = oneLine(s); s != "" {
			out = append(out, strings.TrimRight(s, ".;,"))
		}
	}
	return out
}

// paragraphsOf splits typed text into its non-blank lines.
func paragraphsOf(s string) []string {
	var out []string
	for _, l := range strings.Split(clean(s), "\n") {
		if l = oneLine(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// joinLines keeps the typed line breaks of a text as line breaks in one block.
func joinLines(s string) string { return strings.Join(paragraphsOf(s), "\n") }

// bulletRE matches a bullet or a number a secretary typed at the start of a line: "- ",
// "+ ", "• ", "1. ", "2) ", "a) ".
var bulletRE = regexp.MustCompile(`^(?:[-+•*–]|\d{1,2}[.)]|[a-zđ][)])\s+`)

// stripBullet removes the typed bullet of a line that the paper numbers itself.
func stripBullet(s string) string {
	if loc := bulletRE.FindStringIndex(s); loc != nil && loc[1] < len(s) {
		return s[loc[1]:]
	}
	return s
}

// lowerFirst puts the first letter of s in lower case ("Sinh hoạt …" → "sinh hoạt …").
func lowerFirst(s string) string {
	rs := []rune(s)
	// Leave acronyms and all-capital words alone: "HĐND", "KILL9".
	if len(rs) == 0 || (len(rs) > 1 && unicode.IsUpper(rs[1])) {
		return s
	}
	return strings.ToLower(string(rs[0])) + string(rs[1:])
}
