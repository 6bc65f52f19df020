package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// AttendanceAsOf lists the members who belong on a meeting's attendance list on date d, in
// roster order, with their state and flags on that day: probationary and official members,
// including temporary ones, with every status still "present" for the secretary to change.
func (c *Cell) AttendanceAsOf(ctx context.Context, d Date) ([]Attendance, error) {
	ms, err := c.ListMembers(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := c.db.QueryContext(ctx, `
		SELECT `+eventColumns+`
		FROM member_events
		WHERE deleted = 0
		ORDER BY member_id, date, rowid`)
	if err != nil {
		return nil, fmt.Errorf("store: attendance: %w", err)
	}
	defer rows.Close()
	evs := map[string][]Event{}
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		e.seq = len(evs[e.MemberID])
		evs[e.MemberID] = append(evs[e.MemberID], e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := []Attendance{}
	for _, m := range ms {
		all := evs[m.ID]
		sortEvents(all)
		var upTo []Event
		for _, e := range all {
			if !e.Date.After(d) {
				upTo = append(upTo, e)
			}
		}
		if arrivesLater(all, d) {
			continue
		}
		st, fe := derive(upTo, Date{})
		if fe != nil || !isActive(st.State) || HasFlag(st.Flags, FlagTempEnded) {
			continue
		}
		flags := st.Flags
		if flags == nil {
			flags = []string{}
		}
		out = append(out, Attendance{MemberID: m.ID, Name: m.FullName, State: st.State, Flags: flags, Status: AttPresent})
	}
	return out, nil
}

// arrivesLater reports whether a member comes to the cell only after d: her first move after
// d is an arrival (a transfer in, or a temporary stay). Her admission dates from elsewhere are
// older, but she was not on this cell's list before she came.
func arrivesLater(evs []Event, d Date) bool {
	for _, e := range evs {
		if !e.Date.After(d) {
			continue
		}
		switch e.Kind {
		case EventTransferIn, EventTempIn:
			return true
		case EventTransferOut, EventTempOut:
			return false
		}
	}
	return false
}

// CreateMeeting starts a draft meeting of kind on date, its attendance list filled from the
// roster as of that day and its place and chair from the cell's profile.
func (c *Cell) CreateMeeting(ctx context.Context, kind string, date Date) (Meeting, error) {
	m := Meeting{ID: newID(), Version: 1, Kind: kind, Date: date, Status: StatusDraft}
	if fe := validateMeetingHead(&m); len(fe) > 0 {
		return Meeting{}, &ValidationError{Fields: fe}
	}
	att, err := c.AttendanceAsOf(ctx, date)
	if err != nil {
		return Meeting{}, err
	}
	prof := c.Profile()
	m.Body = MeetingBody{Place: prof.Place, ChairName: prof.Secretary, Attendance: att,
		Guests: []Guest{}, Documents: []string{}, Items: []AgendaItem{}, Reviews: []TaskReview{},
		Tasks: []Task{}, Resolutions: []Resolution{}, Manual: map[string]float64{}}
	for _, a := range att {
		if a.Name == prof.Secretary {
			m.Body.ChairID = a.MemberID
		}
	}
	// A regular meeting reviews every task not yet reported done, and takes the last regular
	// meeting's plan as its topic; a thematic meeting on its own day keeps to its subject.
	if kind != MeetingThematic {
		all, err := c.ListMeetings(ctx)
		if err != nil {
			return Meeting{}, err
		}
		var before []Meeting
		for _, x := range Effective(all) {
			if x.Date.Before(date) {
				before = append(before, x)
			}
		}
		done := map[string]bool{}
		for _, x := range before {
			for _, r := range x.Body.Reviews {
				if r.Status == TaskDone {
					done[r.TaskID] = true
				}
			}
		}
		for _, x := range before {
			for _, t := range x.Body.Tasks {
				if !done[t.ID] {
					m.Body.Reviews = append(m.Body.Reviews, TaskReview{TaskID: t.ID, MeetingID: x.ID, Description: t.Description})
				}
			}
			if x.Kind != MeetingThematic {
				m.Body.Topic = x.Body.NextContent
			}
			m.Body.Place = x.Body.Place // the venue is usually the same village hall
		}
	}
	body, err := encodeBody(&m.Body)
	if err != nil {
		return Meeting{}, err
	}
	err = c.withTx(ctx, func(tx *sql.Tx) error {
		ts := stamp()
		_, err := tx.ExecContext(ctx, `
			INSERT INTO meetings (id, version, kind, date, status, body, created_at, updated_at)
			VALUES (?, 1, ?, ?, 'draft', ?, ?, ?)`, m.ID, m.Kind, m.Date.ISO(), body, ts, ts)
		return err
	})
	if err != nil {
		return Meeting{}, err
	}
	return m, nil
}

func validateMeetingHead(m *Meeting) []FieldError {
	var fe []FieldError
	switch m.Kind {
	case MeetingRegular, MeetingThematic, MeetingCombined:
	default:
		fe = append(fe, FieldError{Field: "kind", Key: "err.meeting.kind"})
	}
	switch {
	case m.Date.IsZero():
		fe = append(fe, FieldError{Field: "date", Key: "err.date.missing"})
	case !m.Date.Valid():
		fe = append(fe, FieldError{Field: "date", Key: "err.date.invalid", Args: map[string]any{"Text": m.Date.Raw()}})
	}
	return fe
}

// SaveMeetingDraft saves a draft as it is, however incomplete: it is what the editor calls
// every second or two while the secretary types, so nothing typed is ever lost. m.Version must
// be the version that was read; it returns the saved meeting with its new version.
func (c *Cell) SaveMeetingDraft(ctx context.Context, m Meeting) (Meeting, error) {
	if fe := validateMeetingHead(&m); len(fe) > 0 {
		return m, &ValidationError{Fields: fe}
	}
	for i := range m.Body.Tasks {
		if m.Body.Tasks[i].ID == "" {
			// Next month's review refers to the task by this id.
			m.Body.Tasks[i].ID = newID()
		}
	}
	body, err := encodeBody(&m.Body)
	if err != nil {
		return m, err
	}
	err = c.withTx(ctx, func(tx *sql.Tx) error {
		var status string
		var version int
		err := tx.QueryRowContext(ctx, `SELECT status, version FROM meetings WHERE id = ? AND deleted = 0`, m.ID).Scan(&status, &version)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return ErrNotFound
		case err != nil:
			return err
		case status == StatusApproved:
			return ErrApproved
		case version != m.Version:
			return ErrConflict
		}
		_, err = tx.ExecContext(ctx, `
			UPDATE meetings
			SET version = version + 1, kind = ?, date = ?, body = ?, updated_at = ?
			WHERE id = ?`, m.Kind, m.Date.ISO(), body, stamp(), m.ID)
		return err
	})
	if err != nil {
		return m, err
	}
	m.Version++
	return m, nil
}

// CheckForApproval says what the minutes still lack before the cell can adopt them, without
// approving them: nil when ApproveMeeting would accept them (apart from a version conflict).
func CheckForApproval(m Meeting) error {
	if fe := validateForApproval(&m); len(fe) > 0 {
		return &ValidationError{Fields: fe}
	}
	return nil
}

// validateForApproval checks what the minutes must hold before the cell adopts them.
func validateForApproval(m *Meeting) []FieldError {
	fe := validateMeetingHead(m)
	b := &m.Body
	add := func(field, key string, args map[string]any) {
		fe = append(fe, FieldError{Field: field, Key: key, Args: args})
	}
	clock := func(field, text string) (time.Time, bool) {
		if strings.TrimSpace(text) == "" {
			add(field, "err.meeting.time_missing", nil)
			return time.Time{}, false
		}
		t, err := time.Parse("15:04", strings.TrimSpace(text))
		if err != nil {
			add(field, "err.meeting.time", map[string]any{"Text": text})
			return time.Time{}, false
		}
		return t, true
	}
	start, okS := clock("start", b.Start)
	end, okE := clock("end", b.End)
	if okS && okE && !end.After(start) {
		add("end", "err.meeting.end_before_start", nil)
	}
	if strings.TrimSpace(b.Place) == "" {
		add("venue", "err.meeting.place", nil)
	}
	if strings.TrimSpace(b.ChairName) == "" {
		add("chair", "err.meeting.chair", nil)
	}
	if strings.TrimSpace(b.Secretary) == "" {
		add("minutes_secretary", "err.meeting.secretary", nil)
	}
	if len(b.Attendance) == 0 {
		add("attendance", "err.meeting.no_attendance", nil)
	}
	present := map[string]bool{}
	for _, a := range b.Attendance {
		switch a.Status {
		case AttPresent:
			present[a.MemberID] = true
		case AttAbsentExcused:
			if strings.TrimSpace(a.Reason) == "" {
				add("attendance", "err.meeting.reason_missing", map[string]any{"Name": a.Name})
			}
		case AttAbsentUnexcused:
		default:
			add("attendance", "err.meeting.status_missing", map[string]any{"Name": a.Name})
		}
	}
	for _, it := range b.Items {
		for _, s := range it.Speeches {
			if s.SpeakerID != "" && !present[s.SpeakerID] {
				add("items", "err.meeting.speaker_absent", map[string]any{"Name": s.Speaker})
			}
		}
	}
	if m.Date.Valid() && m.Date.After(Today()) {
		add("date", "err.meeting.future", map[string]any{"Date": m.Date.DMY()})
	}
	voters := 0
	for _, a := range b.Attendance {
		if a.Status == AttPresent && a.State == StateOfficial && !HasFlag(a.Flags, FlagTempIn) && !HasFlag(a.Flags, FlagSuspended) {
			voters++
		}
	}
	for i, r := range b.Resolutions {
		if r.For < 0 || r.Against < 0 || r.Abstain < 0 || r.For+r.Against+r.Abstain > voters {
			add("resolutions", "err.meeting.votes", map[string]any{"N": i + 1, "Voters": voters})
		}
	}
	for _, t := range b.Tasks {
		if t.Deadline.IsZero() || !t.Deadline.Valid() {
			add("tasks", "err.meeting.task_deadline", map[string]any{"Task": t.Description})
		}
	}
	return fe
}

// ApproveMeeting adopts the minutes ("thông qua biên bản"): after checking them it gives them
// the next number of their year, makes them and their resolution read-only, and appends their
// hash to the cell's chain, all in one transaction.
func (c *Cell) ApproveMeeting(ctx context.Context, id string, version int) (Meeting, error) {
	var out Meeting
	err := c.withTx(ctx, func(tx *sql.Tx) error {
		m, err := scanMeeting(tx.QueryRowContext(ctx, `
			SELECT `+meetingColumns+`
			FROM meetings
			WHERE id = ? AND deleted = 0`, id))
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return ErrNotFound
		case err != nil:
			return err
		case m.Status == StatusApproved:
			return ErrApproved
		case m.Version != version:
			return ErrConflict
		}
		if fe := validateForApproval(&m); len(fe) > 0 {
			return &ValidationError{Fields: fe}
		}
		year := m.Date.ISO()[:4]
		if err := tx.QueryRowContext(ctx, `
			SELECT coalesce(max(number), 0) + 1, coalesce(max(resolution_number), 0) + 1
			FROM meetings
			WHERE status = 'approved' AND substr(date, 1, 4) = ?`, year).Scan(&m.Number, &m.ResolutionNumber); err != nil {
			return err
		}
		if len(m.Body.Resolutions) == 0 {
			m.ResolutionNumber = 0 // no resolution was issued, so none takes a number
		}
		if m.CorrectsID != "" {
			// A correction keeps the numbers of the minutes it corrects.
			if err := tx.QueryRowContext(ctx, `SELECT number, resolution_number FROM meetings WHERE id = ?`,
				m.CorrectsID).Scan(&m.Number, &m.ResolutionNumber); err != nil {
				return err
			}
		}
		h, err := m.recordHash()
		if err != nil {
			return err
		}
		m.RecordHash, m.Status, m.ApprovedAt, m.ApprovedBy = h, StatusApproved, stamp(), c.Actor()
		m.Version++
		if _, err := tx.ExecContext(ctx, `
			UPDATE meetings
			SET status = 'approved', version = ?, number = ?, resolution_number = ?, approved_at = ?,
				approved_by = ?, record_hash = ?, updated_at = ?
			WHERE id = ?`, m.Version, m.Number, m.ResolutionNumber, m.ApprovedAt, m.ApprovedBy, h, m.ApprovedAt, m.ID); err != nil {
			return err
		}
		if err := appendChain(ctx, tx, "meeting", m.ID, h, m.ApprovedAt); err != nil {
			return err
		}
		out = m
		return nil
	})
	return out, err
}

// CorrectMeeting starts a correction of approved minutes: a new draft, linked to the one it
// corrects and carrying the reason, with the same content to edit. Both versions stay.
func (c *Cell) CorrectMeeting(ctx context.Context, id, reason string) (Meeting, error) {
	old, err := c.GetMeeting(ctx, id)
	if err != nil {
		return Meeting{}, err
	}
	if old.Status != StatusApproved {
		return Meeting{}, &ValidationError{Fields: []FieldError{{Field: "status", Key: "err.meeting.correct_draft"}}}
	}
	if strings.TrimSpace(reason) == "" {
		return Meeting{}, &ValidationError{Fields: []FieldError{{Field: "correction_reason", Key: "err.meeting.correction_reason"}}}
	}
	all, err := c.ListMeetings(ctx)
	if err != nil {
		return Meeting{}, err
	}
	for _, x := range all {
		if x.CorrectsID == old.ID {
			// One correction at a time: continue the open one, or correct the approved correction.
			return Meeting{}, &ValidationError{Fields: []FieldError{{Field: "status", Key: "err.meeting.corrected_already"}}}
		}
	}
	m := Meeting{ID: newID(), Version: 1, Kind: old.Kind, Date: old.Date, Status: StatusDraft,
		CorrectsID: old.ID, CorrectionReason: normNotes(reason), Body: old.Body}
	body, err := encodeBody(&m.Body)
	if err != nil {
		return Meeting{}, err
	}
	err = c.withTx(ctx, func(tx *sql.Tx) error {
		ts := stamp()
		_, err := tx.ExecContext(ctx, `
			INSERT INTO meetings (id, version, kind, date, status, body, corrects_id, correction_reason, created_at, updated_at)
			VALUES (?, 1, ?, ?, 'draft', ?, ?, ?, ?, ?)`, m.ID, m.Kind, m.Date.ISO(), body, m.CorrectsID, m.CorrectionReason, ts, ts)
		return err
	})
	if err != nil {
		return Meeting{}, err
	}
	return m, nil
}

// ChainEntry is one approved record in the cell's chain.
type ChainEntry struct {
	Seq        int
	RecordType string
	RecordID   string
	RecordHash string
	PrevHash   string
	EntryHash  string
	At         string
}

// EntryHash is SHA-256 over "chibo-chain-v1", the sequence number, the previous entry's hash
// and the record's hash, separated by newlines (docs/bundle-format.md will say so too).
func EntryHash(seq int, prev, recordType, recordID, recordHash string) string {
	return sha256Hex(fmt.Sprintf("chibo-chain-v1\n%d\n%s\n%s\n%s\n%s", seq, prev, recordType, recordID, recordHash))
}

func appendChain(ctx context.Context, tx *sql.Tx, recordType, recordID, recordHash, at string) error {
	var seq int
	var prev string
	err := tx.QueryRowContext(ctx, `SELECT seq, entry_hash FROM chain ORDER BY seq DESC LIMIT 1`).Scan(&seq, &prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	seq++
	_, err = tx.ExecContext(ctx, `
		INSERT INTO chain (seq, record_type, record_id, record_hash, prev_hash, entry_hash, at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, seq, recordType, recordID, recordHash, prev,
		EntryHash(seq, prev, recordType, recordID, recordHash), at)
	return err
}

// Chain returns the cell's chain of approved records, oldest first.
func (c *Cell) Chain(ctx context.Context) ([]ChainEntry, error) {
	rows, err := c.db.QueryContext(ctx, `
		SELECT seq, record_type, record_id, record_hash, prev_hash, entry_hash, at
		FROM chain
		ORDER BY seq`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ChainEntry{}
	for rows.Next() {
		var e ChainEntry
		if err := rows.Scan(&e.Seq, &e.RecordType, &e.RecordID, &e.RecordHash, &e.PrevHash, &e.EntryHash, &e.At); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// TamperedError says an approved record or the chain was changed after approval, by a route
// around the program (plain SQL on the file, say).
type TamperedError struct {
	RecordID string
	Seq      int
}

func (e *TamperedError) Error() string {
	return fmt.Sprintf("store: approved record %s (chain entry %d) was changed after approval", e.RecordID, e.Seq)
}

// MessageKey implements Message.
func (e *TamperedError) MessageKey() (string, map[string]any) {
	return "err.chain.tampered", map[string]any{"Seq": e.Seq}
}

// VerifyChain recomputes every approved record's hash and every chain link, and returns a
// *TamperedError for the first that does not match.
func (c *Cell) VerifyChain(ctx context.Context) error {
	entries, err := c.Chain(ctx)
	if err != nil {
		return err
	}
	prev := ""
	for _, e := range entries {
		if e.PrevHash != prev || e.EntryHash != EntryHash(e.Seq, e.PrevHash, e.RecordType, e.RecordID, e.RecordHash) {
			return &TamperedError{RecordID: e.RecordID, Seq: e.Seq}
		}
		prev = e.EntryHash
		m, err := c.GetMeeting(ctx, e.RecordID)
		if err != nil {
			return &TamperedError{RecordID: e.RecordID, Seq: e.Seq}
		}
		h, err := m.recordHash()
		if err != nil || h != e.RecordHash || m.RecordHash != e.RecordHash || m.Status != StatusApproved {
			return &TamperedError{RecordID: e.RecordID, Seq: e.Seq}
		}
	}
	var approved int
	if err := c.db.QueryRowContext(ctx, `SELECT count(*) FROM meetings WHERE status = 'approved'`).Scan(&approved); err != nil {
		return err
	}
	if approved != len(entries) {
		return &TamperedError{Seq: len(entries) + 1}
	}
	return nil
}
