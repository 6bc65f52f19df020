package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"chibo/documents"
	"chibo/i18n"
	"chibo/rules"
	"chibo/store"
)

// meetingJSON is a meeting as minutes list --json prints it.
type meetingJSON struct {
	ID         string  `json:"id"`
	Kind       string  `json:"kind"`
	Date       string  `json:"date"`
	Status     string  `json:"status"`
	Number     int     `json:"number"`
	ShortCode  string  `json:"short_code"`
	CorrectsID string  `json:"corrects_id"`
	Topic      string  `json:"topic"`
	Present    int     `json:"present"`
	Total      int     `json:"total"`
	Score      float64 `json:"score"`
	Rating     string  `json:"rating"`
}

func runMinutesList(ctx context.Context, e *Env, lang i18n.Lang, args []string) error {
	fs, data, code := cellFlagSet(e, lang, "minutes list")
	asJSON := fs.Bool("json", false, "")
	if err := parse(fs, lang, args); err != nil {
		return err
	}
	c, err := unlock(ctx, e, lang, *data, *code)
	if err != nil {
		return err
	}
	defer c.Close()
	ms, err := c.ListMeetings(ctx)
	if err != nil {
		return err
	}
	out := []meetingJSON{}
	for _, m := range ms {
		t := rules.AttendanceTotals(rules.Attendees(m.Body.Attendance))
		s := rules.ScoreMeeting(rules.RubricFor(m.Date), rules.ScoreInputOf(m, t))
		out = append(out, meetingJSON{ID: m.ID, Kind: m.Kind, Date: m.Date.ISO(), Status: m.Status, Number: m.Number,
			ShortCode: store.ShortCode(m.RecordHash), CorrectsID: m.CorrectsID, Topic: m.Body.Topic,
			Present: t.Present, Total: t.Total, Score: s.Total, Rating: s.Rating})
	}
	if *asJSON {
		return writeJSON(e.Stdout, out)
	}
	tw := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, i18n.T(lang, "cli.minutes_header"))
	for _, m := range out {
		num := ""
		if m.Number > 0 {
			num = fmt.Sprintf("%d/%s", m.Number, m.Date[:4])
		}
		status := i18n.T(lang, "cli.status."+m.Status)
		if m.CorrectsID != "" {
			status += " (" + i18n.T(lang, "cli.correction") + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d/%d\t%s\t%s\n", shortID(m.ID), store.ParseISO(m.Date).DMY(),
			i18n.T(lang, "cli.kind."+m.Kind), num, status, m.Present, m.Total, m.ShortCode, m.Topic)
	}
	return tw.Flush()
}

// shortID is how the list shows a meeting's id: its last 8 characters, the random part (the
// first ones are a time stamp, the same for meetings made together).
func shortID(id string) string {
	if len(id) <= 8 {
		return id
	}
	return id[len(id)-8:]
}

// findMeeting finds a meeting by its id, a unique beginning or end of it of at least 6
// characters (the list shows the last 8), or its number and year ("3/2026", the standing
// version).
func findMeeting(ms []store.Meeting, ref string) (store.Meeting, bool) {
	if n, y, ok := strings.Cut(ref, "/"); ok {
		for _, m := range store.Effective(ms) {
			if strconv.Itoa(m.Number) == n && m.Date.ISO()[:4] == y {
				return m, true
			}
		}
		return store.Meeting{}, false
	}
	var found []store.Meeting
	for _, m := range ms {
		if m.ID == ref {
			return m, true
		}
		if len(ref) >= 6 && (strings.HasPrefix(m.ID, ref) || strings.HasSuffix(m.ID, ref)) {
			found = append(found, m)
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	return store.Meeting{}, false
}

func runMinutesPrint(ctx context.Context, e *Env, lang i18n.Lang, args []string) error {
	fs, data, code := cellFlagSet(e, lang, "minutes print")
	ref := fs.String("meeting", "", "")
	doc := fs.String("doc", "minutes", "")
	out := fs.String("out", "", "")
	if err := parse(fs, lang, args); err != nil {
		return err
	}
	if *out == "" {
		return usageError{i18n.T(lang, "cli.need_out")}
	}
	switch *doc {
	case "minutes", "resolution", "attendance", "roster":
	default:
		return usageError{i18n.T(lang, "cli.bad_doc")}
	}
	if *doc != "roster" && *ref == "" {
		return usageError{i18n.T(lang, "cli.need_meeting")}
	}
	c, err := unlock(ctx, e, lang, *data, *code)
	if err != nil {
		return err
	}
	defer c.Close()
	var buf bytes.Buffer
	p := c.Profile()
	if *doc == "roster" {
		all, err := c.ListMembers(ctx)
		if err != nil {
			return err
		}
		var ms []store.Member
		events := map[string][]store.Event{}
		for _, m := range all {
			if !store.Current(m.State, m.Flags) {
				continue
			}
			ms = append(ms, m)
			if events[m.ID], err = c.Events(ctx, m.ID); err != nil {
				return err
			}
		}
		err = documents.RosterBook(&buf, p, ms, events, store.Today(), documents.Options{})
		if err != nil {
			return err
		}
	} else {
		ms, err := c.ListMeetings(ctx)
		if err != nil {
			return err
		}
		m, ok := findMeeting(ms, *ref)
		if !ok {
			return refusal{i18n.T(lang, "err.no_meeting", map[string]any{"Ref": *ref})}
		}
		switch *doc {
		case "minutes":
			err = documents.Minutes(&buf, p, m, documents.Options{})
		case "resolution":
			err = documents.Resolution(&buf, p, m, documents.Options{})
		case "attendance":
			err = documents.AttendanceSheet(&buf, p, m, documents.Options{})
		}
		if err != nil {
			return err
		}
	}
	if err := writeFileAtomic(*out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintln(e.Stdout, i18n.T(lang, "cli.pdf_written", map[string]any{"Path": *out}))
	return nil
}

// writeFileAtomic writes b to path under a temporary name, flushes it and renames it, so a
// full disk or a stick pulled out never leaves a half-written file under the final name.
func writeFileAtomic(path string, b []byte) error {
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("%w: %v", store.ErrDiskIO, err)
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		if strings.Contains(err.Error(), "no space") {
			return fmt.Errorf("%w: %v", store.ErrDiskFull, err)
		}
		return fmt.Errorf("%w: %v", store.ErrDiskIO, err)
	}
	return nil
}

func runCheck(ctx context.Context, e *Env, lang i18n.Lang, args []string) error {
	fs, data, code := cellFlagSet(e, lang, "check")
	if err := parse(fs, lang, args); err != nil {
		return err
	}
	c, err := unlock(ctx, e, lang, *data, *code)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.CheckIntegrity(ctx); err != nil {
		return err
	}
	if err := c.VerifyChain(ctx); err != nil {
		return err
	}
	chain, err := c.Chain(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.Stdout, i18n.T(lang, "cli.check_ok", map[string]any{"Count": len(chain)}))
	return nil
}

func runCompliance(ctx context.Context, e *Env, lang i18n.Lang, args []string) error {
	fs, data, code := cellFlagSet(e, lang, "compliance")
	asJSON := fs.Bool("json", false, "")
	if err := parse(fs, lang, args); err != nil {
		return err
	}
	c, err := unlock(ctx, e, lang, *data, *code)
	if err != nil {
		return err
	}
	defer c.Close()
	ms, err := c.ListMeetings(ctx)
	if err != nil {
		return err
	}
	fs2 := rules.Compliance(ms, store.Today())
	if *asJSON {
		if fs2 == nil {
			fs2 = []rules.Finding{}
		}
		return writeJSON(e.Stdout, fs2)
	}
	for _, f := range fs2 {
		fmt.Fprintln(e.Stdout, rules.DescribeFinding(lang, f))
	}
	return nil
}
