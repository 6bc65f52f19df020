package cli

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"chibo/store"
)

// cellWithMinutes makes a cell with three members and one approved meeting through the store,
// the way the window would, and returns its data folder.
func cellWithMinutes(t *testing.T) (string, string) {
	t.Helper()
	dir, pass := t.TempDir(), "mật khẩu biên bản"
	ctx := context.Background()
	c, err := store.CreateCell(ctx, dir, store.Profile{Code: "LV", Name: "Chi bộ bản Lùng Vai",
		OfficeName: "Đảng ủy xã Mường Khương", Place: "Mường Khương", Secretary: "Giàng A Páo"}, pass, store.WithKDF(store.FastKDF))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	mk := func(name, cccd, gender string, y int) store.Member {
		return store.Member{FullName: name, Gender: gender, BirthDate: store.NewDate(y, 1, 5), Ethnicity: "Mông",
			CCCD: cccd, CeremonyDate: store.NewDate(2000, 3, 3), OfficialDate: store.NewDate(2001, 3, 3)}
	}
	ms, err := c.AddMembers(ctx, []store.Member{mk("Giàng A Páo", "010070001111", "male", 1970),
		mk("Vàng Thị Mỷ", "010175002222", "female", 1975), mk("Sùng Seo Chứ", "010072003333", "male", 1972)})
	if err != nil {
		t.Fatal(err)
	}
	m, err := c.CreateMeeting(ctx, store.MeetingRegular, store.NewDate(2026, 3, 5))
	if err != nil {
		t.Fatal(err)
	}
	m.Body.Start, m.Body.End, m.Body.Secretary = "19:30", "21:05", "Vàng Thị Mỷ"
	m.Body.Items = []store.AgendaItem{{Title: "Phòng chống cháy rừng", Speeches: []store.Speech{{SpeakerID: ms[2].ID, Speaker: ms[2].FullName, Text: "Bản cần tổ chức tổ tuần tra."}}, Conclusion: "Thống nhất lập tổ tuần tra."}}
	m.Body.Resolutions = []store.Resolution{{Kind: "general", Text: "Thông qua nghị quyết tháng 3", For: 3}}
	if m, err = c.SaveMeetingDraft(ctx, m); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ApproveMeeting(ctx, m.ID, m.Version); err != nil {
		t.Fatal(err)
	}
	return dir, pass
}

func TestMinutesListAndPrint(t *testing.T) {
	dir, pass := cellWithMinutes(t)
	r := run(t, dir, pass, nil, "", "minutes", "list", "--cell", "LV", "--json")
	var list []map[string]any
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &list) != nil || len(list) != 1 {
		t.Fatalf("minutes list: exit %d, %s %s", r.code, r.stdout, r.stderr)
	}
	if list[0]["status"] != "approved" || list[0]["number"].(float64) != 1 || list[0]["short_code"] == "" {
		t.Errorf("listed meeting: %v", list[0])
	}
	for _, tt := range []struct{ doc, want string }{
		{"minutes", "BIÊN BẢN"}, {"resolution", "NGHỊ QUYẾT"}, {"attendance", "Giàng A Páo"}, {"roster", "Sùng Seo Chứ"},
	} {
		out := filepath.Join(t.TempDir(), tt.doc+".pdf")
		r := run(t, dir, pass, nil, "", "minutes", "print", "--cell", "LV", "--meeting", "1/2026", "--doc", tt.doc, "--out", out)
		if r.code != 0 {
			t.Errorf("print %s: exit %d %s", tt.doc, r.code, r.stderr)
			continue
		}
		b, _ := os.ReadFile(out)
		if !strings.HasPrefix(string(b), "%PDF") {
			t.Errorf("%s: not a PDF", tt.doc)
		}
		if txt, err := exec.Command("pdftotext", "-layout", out, "-").Output(); err == nil && !strings.Contains(string(txt), tt.want) {
			t.Errorf("%s: the text lacks %q", tt.doc, tt.want)
		}
	}
	id := list[0]["id"].(string)
	out := filepath.Join(t.TempDir(), "by-id.pdf")
	if r := run(t, dir, pass, nil, "", "minutes", "print", "--cell", "LV", "--meeting", id[len(id)-8:], "--out", out); r.code != 0 {
		t.Errorf("print by the short id the list shows: %d %s", r.code, r.stderr)
	}
	if r := run(t, dir, pass, nil, "", "minutes", "print", "--cell", "LV", "--meeting", "9/2026", "--out", out); r.code != 1 {
		t.Errorf("unknown meeting: exit %d", r.code)
	}
	if r := run(t, dir, pass, nil, "", "minutes", "print", "--cell", "LV", "--meeting", "1/2026"); r.code != 2 {
		t.Errorf("no --out: exit %d", r.code)
	}
}

func TestCheckDetectsPlainSQLEdit(t *testing.T) {
	dir, pass := cellWithMinutes(t)
	if r := run(t, dir, pass, nil, "", "check", "--cell", "LV"); r.code != 0 {
		t.Fatalf("check on an honest file: %d %s", r.code, r.stderr)
	}
	db, err := sql.Open("sqlite", store.CellPath(dir, "LV"))
	if err != nil {
		t.Fatal(err)
	}
	// The trigger refuses a plain edit …
	if _, err := db.Exec(`UPDATE meetings SET body = json_set(body, '$.resolutions[0].for', 2)`); err == nil {
		t.Error("plain SQL changed approved minutes")
	}
	// … so a forger drops it first; check must then see the change.
	for _, q := range []string{`DROP TRIGGER meetings_approved_frozen`, `UPDATE meetings SET body = json_set(body, '$.resolutions[0].for', 2)`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	r := run(t, dir, pass, nil, "", "check", "--cell", "LV")
	if r.code != 1 || !strings.Contains(r.stderr, "sửa ngoài chương trình") {
		t.Errorf("check after a plain SQL edit: exit %d %q", r.code, r.stderr)
	}
}
