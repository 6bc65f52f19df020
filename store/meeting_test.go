package store

import (
	"context"
	"errors"
	"testing"
)

// meetingCell is a cell with three members: two official, one probationary.
func meetingCell(t *testing.T) (*Cell, []Member) {
	t.Helper()
	c, _ := newCell(t)
	a := sampleMember()
	b := sampleMember()
	b.FullName, b.CCCD, b.Gender, b.BirthDate, b.Ethnicity = "Giàng A Páo", "010070001111", "male", NewDate(1970, 1, 5), "Mông"
	p := sampleMember()
	p.FullName, p.CCCD, p.BirthDate = "Lò Thị Ánh", "010199002222", NewDate(1999, 6, 1)
	p.DecisionDate, p.CeremonyDate, p.OfficialDate = NewDate(2026, 2, 1), NewDate(2026, 3, 1), Date{}
	ms, err := c.AddMembers(context.Background(), []Member{a, b, p})
	if err != nil {
		t.Fatal(err)
	}
	return c, ms
}

func completeMinutes(m *Meeting) {
	m.Body.Start, m.Body.End = "19:30", "21:10"
	m.Body.Secretary = "Nguyễn Thị Thảo"
	m.Body.ChairName = "Giàng A Páo"
	m.Body.Items = []AgendaItem{{Title: "Đánh giá tháng", Conclusion: "Hoàn thành tốt."}}
	m.Body.Resolutions = []Resolution{{Kind: "general", Text: "Thông qua nghị quyết tháng", For: 1}}
}

func TestMeetingDraftApproveCorrect(t *testing.T) {
	ctx := context.Background()
	c, ms := meetingCell(t)
	m, err := c.CreateMeeting(ctx, MeetingRegular, NewDate(2026, 2, 15))
	if err != nil {
		t.Fatal(err)
	}
	// On 15/2 the probationary member was not yet admitted: two on the list.
	if len(m.Body.Attendance) != 2 {
		t.Fatalf("attendance on 15/02/2026 has %d members, want 2", len(m.Body.Attendance))
	}
	m2, err := c.CreateMeeting(ctx, MeetingRegular, NewDate(2026, 3, 15))
	if err != nil || len(m2.Body.Attendance) != 3 {
		t.Fatalf("attendance on 15/03/2026: %v, %d members, want 3", err, len(m2.Body.Attendance))
	}
	// An incomplete draft saves, but cannot be approved.
	m.Body.Notes = "đang ghi"
	if m, err = c.SaveMeetingDraft(ctx, m); err != nil {
		t.Fatal(err)
	}
	_, err = c.ApproveMeeting(ctx, m.ID, m.Version)
	var ve *ValidationError
	if !errors.As(err, &ve) || !ve.Has("start") || !ve.Has("minutes_secretary") {
		t.Fatalf("approving incomplete minutes: %v", err)
	}
	completeMinutes(&m)
	m.Body.Attendance[0].Status = AttAbsentExcused
	if m, err = c.SaveMeetingDraft(ctx, m); err != nil {
		t.Fatal(err)
	}
	if _, err = c.ApproveMeeting(ctx, m.ID, m.Version); !errors.As(err, &ve) || !ve.Has("attendance") {
		t.Fatalf("absent with reason but no reason: %v", err)
	}
	m.Body.Attendance[0].Reason = "đi khám bệnh"
	// Two votes in favour with one official member present cannot be right.
	m.Body.Resolutions[0].For = 2
	m, _ = c.SaveMeetingDraft(ctx, m)
	if _, err = c.ApproveMeeting(ctx, m.ID, m.Version); !errors.As(err, &ve) || !ve.Has("resolutions") {
		t.Fatalf("more votes than voters: %v", err)
	}
	m.Body.Resolutions[0].For = 1
	m, _ = c.SaveMeetingDraft(ctx, m)
	ap, err := c.ApproveMeeting(ctx, m.ID, m.Version)
	if err != nil {
		t.Fatalf("approve: %v", err)
	}
	if ap.Number != 1 || ap.Status != StatusApproved || ShortCode(ap.RecordHash) == "" {
		t.Errorf("approved: number %d status %s code %q", ap.Number, ap.Status, ShortCode(ap.RecordHash))
	}
	// Read-only from the program …
	ap.Body.Notes = "sửa sau khi thông qua"
	if _, err := c.SaveMeetingDraft(ctx, ap); !errors.Is(err, ErrApproved) {
		t.Errorf("saving approved minutes: %v, want ErrApproved", err)
	}
	// … and from plain SQL.
	if _, err := c.db.Exec(`UPDATE meetings SET body = json_set(body, '$.notes', 'x') WHERE id = ?`, ap.ID); err == nil {
		t.Error("plain SQL changed approved minutes")
	}
	if _, err := c.db.Exec(`DELETE FROM meetings WHERE id = ?`, ap.ID); err == nil {
		t.Error("plain SQL deleted approved minutes")
	}
	if _, err := c.db.Exec(`DELETE FROM chain`); err == nil {
		t.Error("plain SQL deleted the chain")
	}
	if err := c.VerifyChain(ctx); err != nil {
		t.Errorf("VerifyChain on an honest file: %v", err)
	}
	// The second meeting of the year gets number 2; the first one's tasks come forward.
	completeMinutes(&m2)
	m2, _ = c.SaveMeetingDraft(ctx, m2)
	ap2, err := c.ApproveMeeting(ctx, m2.ID, m2.Version)
	if err != nil || ap2.Number != 2 {
		t.Fatalf("second approval: %v, number %d", err, ap2.Number)
	}
	// A correction is a new version linked to the old one; both stay.
	if _, err := c.CorrectMeeting(ctx, ap.ID, " "); !errors.As(err, &ve) {
		t.Errorf("a correction without a reason: %v", err)
	}
	cor, err := c.CorrectMeeting(ctx, ap.ID, "Ghi nhầm giờ kết thúc")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CorrectMeeting(ctx, ap.ID, "Lý do khác"); !errors.As(err, &ve) {
		t.Errorf("a second correction while one is open: %v", err)
	}
	cor.Body.End = "21:20"
	cor, _ = c.SaveMeetingDraft(ctx, cor)
	apc, err := c.ApproveMeeting(ctx, cor.ID, cor.Version)
	if err != nil {
		t.Fatal(err)
	}
	if apc.Number != 1 || apc.CorrectsID != ap.ID {
		t.Errorf("correction: number %d corrects %q", apc.Number, apc.CorrectsID)
	}
	all, _ := c.ListMeetings(ctx)
	if len(all) != 3 {
		t.Errorf("meetings after a correction: %d, want 3", len(all))
	}
	chain, _ := c.Chain(ctx)
	if len(chain) != 3 || chain[2].PrevHash != chain[1].EntryHash {
		t.Errorf("chain: %+v", chain)
	}
	_ = ms
}

func TestTamperingIsDetected(t *testing.T) {
	ctx := context.Background()
	c, _ := meetingCell(t)
	m, _ := c.CreateMeeting(ctx, MeetingRegular, NewDate(2026, 3, 15))
	completeMinutes(&m)
	m, _ = c.SaveMeetingDraft(ctx, m)
	if _, err := c.ApproveMeeting(ctx, m.ID, m.Version); err != nil {
		t.Fatal(err)
	}
	// Someone drops the trigger with a database tool and rewrites a vote.
	for _, q := range []string{
		`DROP TRIGGER meetings_approved_frozen`,
		`UPDATE meetings SET body = json_set(body, '$.resolutions[0].for', 3)`,
	} {
		if _, err := c.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	var te *TamperedError
	if err := c.VerifyChain(ctx); !errors.As(err, &te) || te.Seq != 1 {
		t.Errorf("VerifyChain after tampering: %v, want a *TamperedError at entry 1", err)
	}
	// Put the trigger back so the file is sound for the checks at the end of the test.
	c.db.Exec(`CREATE TRIGGER meetings_approved_frozen BEFORE UPDATE ON meetings WHEN OLD.status = 'approved'
		BEGIN SELECT RAISE(ABORT, 'approved minutes are read-only; make a correction instead'); END`)
}

func TestTasksComeForward(t *testing.T) {
	ctx := context.Background()
	c, ms := meetingCell(t)
	m, _ := c.CreateMeeting(ctx, MeetingRegular, NewDate(2026, 3, 15))
	completeMinutes(&m)
	m.Body.Tasks = []Task{{ID: newID(), Description: "Vận động trồng chè Shan tuyết", AssigneeIDs: []string{ms[1].ID},
		Assignees: []string{ms[1].FullName}, Deadline: NewDate(2026, 4, 10)}}
	m.Body.NextContent = "Chuẩn bị mùa vụ"
	m, _ = c.SaveMeetingDraft(ctx, m)
	if _, err := c.ApproveMeeting(ctx, m.ID, m.Version); err != nil {
		t.Fatal(err)
	}
	next, err := c.CreateMeeting(ctx, MeetingRegular, NewDate(2026, 4, 15))
	if err != nil {
		t.Fatal(err)
	}
	if len(next.Body.Reviews) != 1 || next.Body.Reviews[0].Description != "Vận động trồng chè Shan tuyết" || next.Body.Topic != "Chuẩn bị mùa vụ" {
		t.Errorf("next meeting: reviews %+v, topic %q", next.Body.Reviews, next.Body.Topic)
	}
}
