package cellsync

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"chibo/store"
)

var (
	benchFamily = []string{"Nguyễn", "Giàng", "Lò", "Sùng", "Vàng", "Hoàng", "Lý", "Thào"}
	benchMiddle = []string{"Văn", "Thị", "A", "Seo", "Mí", "Đức"}
	benchGiven  = []string{"Páo", "Thảo", "Chứ", "Dính", "Mai", "Hải", "Lan", "Sính", "Tú", "Vân"}
)

// benchCell makes a cell of 60 members and twelve approved monthly meetings with full
// minutes (four agenda items with speeches, tasks, a resolution): a year of a large cell.
func benchCell(b *testing.B) *store.Cell {
	b.Helper()
	ctx := context.Background()
	c, err := store.CreateCell(ctx, b.TempDir(), store.Profile{Code: "BENCH", Name: "Chi bộ bản Lùng Vai",
		OfficeName: "Đảng ủy xã Mường Khương", Place: "Mường Khương", Secretary: "Giàng A Páo"}, testPass, store.WithKDF(store.FastKDF))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close() })
	var ms []store.Member
	for i := range 60 {
		ms = append(ms, store.Member{
			FullName:  fmt.Sprintf("%s %s %s", benchFamily[i%8], benchMiddle[i%6], benchGiven[i%10]),
			Gender:    []string{"male", "female"}[i%2],
			BirthDate: store.NewDate(1950+i%40, time.Month(1+i%12), 1+i%28), Ethnicity: []string{"Mông", "Kinh", "Thái"}[i%3],
			CCCD: fmt.Sprintf("010%d%02d%06d", i%2, (1950+i%40)%100, i), Hometown: "Mường Khương, Lào Cai", Residence: "Bản Lùng Vai",
			DecisionDate: store.NewDate(1995+i%20, 2, 1), CeremonyDate: store.NewDate(1995+i%20, 3, 3),
			OfficialDate: store.NewDate(1996+i%20, 3, 3), CardNumber: fmt.Sprintf("01.%06d", i),
		})
	}
	added, err := c.AddMembers(ctx, ms)
	if err != nil {
		b.Fatal(err)
	}
	start := store.Today().AddMonths(-12)
	for k := range 12 {
		d := start.AddMonths(k)
		date := store.NewDate(d.Time().Year(), d.Time().Month(), 5)
		m, err := c.CreateMeeting(ctx, store.MeetingRegular, date)
		if err != nil {
			b.Fatal(err)
		}
		var present []store.Attendance
		for i := range m.Body.Attendance {
			a := &m.Body.Attendance[i]
			a.Status = store.AttPresent
			if i%17 == 3 {
				a.Status, a.Reason = store.AttAbsentExcused, "Đi làm nương xa"
			} else {
				present = append(present, *a)
			}
		}
		b := &m.Body
		b.Start, b.End, b.Secretary, b.ChairName, b.ChairID = "19:30", "21:30", added[1].FullName, "Giàng A Páo", added[0].ID
		b.Topic = "Sinh hoạt thường kỳ, đánh giá kết quả tháng và phương hướng tháng tới"
		for it := range 4 {
			item := store.AgendaItem{Title: fmt.Sprintf("Nội dung %d: tình hình sản xuất, an ninh trật tự và xây dựng chi bộ", it+1),
				Conclusion: "Chi bộ thống nhất giao các đồng chí đảng viên phụ trách nhóm hộ bám sát địa bàn, vận động bà con thực hiện tốt."}
			for s := range 3 {
				a := present[(it*3+s)%len(present)]
				item.Speeches = append(item.Speeches, store.Speech{SpeakerID: a.MemberID, Speaker: a.Name,
					Text: "Đồng chí phát biểu nhất trí với báo cáo, đề nghị chi bộ quan tâm hơn đến việc phát triển đảng viên trong thanh niên và giúp đỡ các hộ khó khăn."})
			}
			b.Items = append(b.Items, item)
		}
		for tk := range 3 {
			b.Tasks = append(b.Tasks, store.Task{ID: fmt.Sprintf("t%d-%d", k, tk), Description: "Vận động các hộ tham gia trồng rừng và bảo vệ rừng đầu nguồn",
				AssigneeIDs: []string{present[tk].MemberID}, Assignees: []string{present[tk].Name}, Deadline: date.AddMonths(1)})
		}
		voters := 0
		for _, a := range present {
			if a.State == store.StateOfficial {
				voters++
			}
		}
		b.Resolutions = []store.Resolution{{Kind: "general", Text: "Thông qua nghị quyết lãnh đạo thực hiện nhiệm vụ tháng tới", For: voters}}
		b.NextDate, b.NextContent = date.AddMonths(1), "Sinh hoạt thường kỳ tháng sau"
		if m, err = c.SaveMeetingDraft(ctx, m); err != nil {
			panic(err)
		}
		if _, err := c.ApproveMeeting(ctx, m.ID, m.Version); err != nil {
			panic(err)
		}
	}
	return c
}

// BenchmarkExport writes a full bundle of a cell with 60 members and twelve approved
// meetings (24 papers) into a folder, reads it back and verifies it. The metrics are the
// bundle's size and how many of the nanoseconds printing the papers alone takes.
func BenchmarkExport(b *testing.B) {
	ctx := context.Background()
	c := benchCell(b)
	dir := b.TempDir()
	cont, err := collect(ctx, c, true)
	if err != nil {
		b.Fatal(err)
	}
	var size int64
	b.ReportAllocs()
	for b.Loop() {
		res, err := Export(ctx, c, dir, Options{Full: true})
		if err != nil {
			b.Fatal(err)
		}
		size = res.Bytes
		os.Remove(res.Path)
	}
	b.ReportMetric(float64(size), "bundle-bytes")
	b.ReportMetric(float64(len(cont.meetings)), "meetings")
}

// BenchmarkPrintPapers prints the same 24 papers alone, to set against BenchmarkExport.
func BenchmarkPrintPapers(b *testing.B) {
	ctx := context.Background()
	c := benchCell(b)
	cont, err := collect(ctx, c, true)
	if err != nil {
		b.Fatal(err)
	}
	var total int
	for b.Loop() {
		files, _, err := printAll(ctx, c.Profile(), cont.meetings, func(int) {})
		if err != nil {
			b.Fatal(err)
		}
		total = 0
		for _, f := range files {
			total += len(f)
		}
	}
	b.ReportMetric(float64(total), "pdf-bytes")
}

// BenchmarkCollect gathers the records of the same cell without printing or writing.
func BenchmarkCollect(b *testing.B) {
	ctx := context.Background()
	c := benchCell(b)
	for b.Loop() {
		if _, err := collect(ctx, c, true); err != nil {
			b.Fatal(err)
		}
	}
}
