package cli

import (
	"context"
	"strings"
	"testing"

	"chibo/store"
)

// TestMinutesApprove: the demo's open draft is refused while its end time is missing, naming
// the field; once written it is approved with a number and a short code; approving it again
// is refused.
func TestMinutesApprove(t *testing.T) {
	dir := t.TempDir()
	const pass = "mật khẩu mẫu"
	if r := run(t, dir, pass, nil, "", "demo", "--cell", "LV"); r.code != 0 {
		t.Fatalf("demo: %d %s", r.code, r.stderr)
	}
	ctx := context.Background()
	c, err := store.OpenCell(ctx, dir, "LV", pass)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := c.ListMeetings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var draft store.Meeting
	for _, m := range ms {
		if m.Status == store.StatusDraft {
			draft = m
		}
	}
	c.Close()
	if draft.ID == "" {
		t.Fatal("the demo cell has no draft")
	}
	r := run(t, dir, pass, nil, "", "minutes", "approve", "--cell", "LV", "--meeting", draft.ID)
	if draft.Body.End == "" && (r.code != 1 || !strings.Contains(r.stderr, "Giờ kết thúc")) {
		t.Fatalf("draft without end time: exit %d, %q", r.code, r.stderr)
	}

	c, err = store.OpenCell(ctx, dir, "LV", pass)
	if err != nil {
		t.Fatal(err)
	}
	draft.Body.End = "21:00"
	if _, err := c.SaveMeetingDraft(ctx, draft); err != nil {
		t.Fatal(err)
	}
	c.Close()
	r = run(t, dir, pass, nil, "", "minutes", "approve", "--cell", "LV", "--meeting", draft.ID)
	if r.code != 0 || !strings.Contains(r.stdout, "Đã thông qua biên bản ngày "+draft.Date.DMY()) {
		t.Fatalf("approve: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	if r := run(t, dir, pass, nil, "", "check", "--cell", "LV"); r.code != 0 {
		t.Fatalf("check after approval: %d %s", r.code, r.stderr)
	}
	r = run(t, dir, pass, nil, "", "minutes", "approve", "--cell", "LV", "--meeting", draft.ID)
	if r.code != 1 || !strings.Contains(r.stderr, "đã được thông qua") {
		t.Fatalf("approve twice: exit %d, %q", r.code, r.stderr)
	}
}
