package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base32"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Meeting kinds.
const (
	MeetingRegular  = "regular"  // sinh hoạt thường kỳ (monthly)
	MeetingThematic = "thematic" // sinh hoạt chuyên đề
	MeetingCombined = "combined" // both in one session (120 minutes)
)

// Meeting statuses.
const (
	StatusDraft    = "draft"
	StatusApproved = "approved"
)

// Attendance statuses (the same words as rules.Present …).
const (
	AttPresent         = "present"
	AttAbsentExcused   = "absent_excused"
	AttAbsentUnexcused = "absent_unexcused"
)

// ErrApproved refuses a change to approved minutes: they are read-only, and a correction is a
// new version.
var ErrApproved = errors.New("store: approved minutes are read-only")

func init() { messageKeys[ErrApproved] = "err.meeting.approved" }

// Meeting is one cell meeting with its minutes and resolution. Body holds everything recorded
// about it; the other fields are how it is filed.
type Meeting struct {
	ID               string      `json:"id"`
	Version          int         `json:"version"`
	Kind             string      `json:"kind"`
	Date             Date        `json:"date"`
	Status           string      `json:"status"`
	Number           int         `json:"number"`
	ResolutionNumber int         `json:"resolution_number"`
	CorrectsID       string      `json:"corrects_id,omitempty"`
	CorrectionReason string      `json:"correction_reason,omitempty"`
	ApprovedAt       string      `json:"approved_at,omitempty"`
	ApprovedBy       string      `json:"approved_by,omitempty"`
	RecordHash       string      `json:"record_hash,omitempty"`
	Body             MeetingBody `json:"body"`
}

// MeetingBody is what the minutes record. Its JSON, with the filing fields, is the record's
// canonical bytes, so field order and names are part of the bundle format: add fields at the
// end, never rename.
type MeetingBody struct {
	Start       string             `json:"start"` // "HH:MM"
	End         string             `json:"end"`
	Place       string             `json:"place"`
	Topic       string             `json:"topic"` // the summary line; for a thematic meeting its subject
	ChairID     string             `json:"chair_id"`
	ChairName   string             `json:"chair_name"`
	SecretaryID string             `json:"secretary_id"`
	Secretary   string             `json:"secretary"`
	Guests      []Guest            `json:"guests"`
	Documents   []string           `json:"documents"` // documents passed down from above
	FeeReport   string             `json:"fee_report"`
	Attendance  []Attendance       `json:"attendance"`
	Items       []AgendaItem       `json:"items"`
	Reviews     []TaskReview       `json:"reviews"` // last month's tasks and their results
	Tasks       []Task             `json:"tasks"`   // new tasks
	Resolutions []Resolution       `json:"resolutions"`
	Manual      map[string]float64 `json:"manual_scores"`
	NextDate    Date               `json:"next_date"`
	NextContent string             `json:"next_content"`
	Notes       string             `json:"notes"`
}

// Guest is a guest of the meeting (name and position).
type Guest struct {
	Name     string `json:"name"`
	Position string `json:"position"`
}

// Attendance is one member on the meeting's list, with her state and flags on the meeting date.
type Attendance struct {
	MemberID string   `json:"member_id"`
	Name     string   `json:"name"`
	State    string   `json:"state"`
	Flags    []string `json:"flags"`
	Status   string   `json:"status"`
	Reason   string   `json:"reason"`
}

// AgendaItem is one item of the agenda, its speakers and the chair's conclusion.
type AgendaItem struct {
	Title      string   `json:"title"`
	Speeches   []Speech `json:"speeches"`
	Conclusion string   `json:"conclusion"`
}

// Speech is what one person said; SpeakerID is empty for a guest.
type Speech struct {
	SpeakerID string `json:"speaker_id"`
	Speaker   string `json:"speaker"`
	Text      string `json:"text"`
}

// Task is a task given to members, with a deadline.
type Task struct {
	ID          string   `json:"id"`
	Description string   `json:"description"`
	AssigneeIDs []string `json:"assignee_ids"`
	Assignees   []string `json:"assignees"`
	Deadline    Date     `json:"deadline"`
}

// Task review statuses.
const (
	TaskDone       = "done"        // hoàn thành
	TaskInProgress = "in_progress" // đang triển khai
	TaskOverdue    = "overdue"     // quá hạn
	TaskOngoing    = "ongoing"     // thường xuyên
)

// TaskReview is the result of an earlier meeting's task, reviewed in this one.
type TaskReview struct {
	TaskID      string `json:"task_id"`
	MeetingID   string `json:"meeting_id"`
	Description string `json:"description"`
	Status      string `json:"status"`
	Result      string `json:"result"`
}

// Resolution is one decision put to the vote.
type Resolution struct {
	Kind    string `json:"kind"` // "general", "admission", "official_status"
	Text    string `json:"text"`
	For     int    `json:"for"`
	Against int    `json:"against"`
	Abstain int    `json:"abstain"`
}

// canonical returns the record's canonical bytes: compact JSON, no HTML escaping, of the
// filing fields and the body, with the approval fields left out (they depend on the hash).
func (m *Meeting) canonical() ([]byte, error) {
	rec := struct {
		ID               string      `json:"id"`
		Kind             string      `json:"kind"`
		Date             Date        `json:"date"`
		Number           int         `json:"number"`
		ResolutionNumber int         `json:"resolution_number"`
		CorrectsID       string      `json:"corrects_id"`
		CorrectionReason string      `json:"correction_reason"`
		Body             MeetingBody `json:"body"`
	}{m.ID, m.Kind, m.Date, m.Number, m.ResolutionNumber, m.CorrectsID, m.CorrectionReason, m.Body}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rec); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// recordHash is the hex SHA-256 of the canonical bytes.
func (m *Meeting) recordHash() (string, error) {
	b, err := m.canonical()
	if err != nil {
		return "", err
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:]), nil
}

// ShortCode is the approved record's short code, printed on its paper copy so paper and data
// can be matched: the first 40 bits of its hash in base32, as XXXX-XXXX.
func ShortCode(recordHash string) string {
	b, err := hex.DecodeString(recordHash)
	if err != nil || len(b) < 5 {
		return ""
	}
	s := base32.StdEncoding.EncodeToString(b[:5])
	return s[:4] + "-" + s[4:8]
}

func encodeBody(b *MeetingBody) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(b); err != nil {
		return "", err
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}

const meetingColumns = `id, version, kind, date, status, number, resolution_number, body, coalesce(corrects_id, ''),
	correction_reason, approved_at, approved_by, record_hash`

func scanMeeting(row scanner) (Meeting, error) {
	var m Meeting
	var date, body string
	err := row.Scan(&m.ID, &m.Version, &m.Kind, &date, &m.Status, &m.Number, &m.ResolutionNumber, &body,
		&m.CorrectsID, &m.CorrectionReason, &m.ApprovedAt, &m.ApprovedBy, &m.RecordHash)
	if err != nil {
		return m, err
	}
	m.Date = ParseISO(date)
	if err := json.Unmarshal([]byte(body), &m.Body); err != nil {
		return m, fmt.Errorf("store: meeting %s body: %w", m.ID, err)
	}
	return m, nil
}

// GetMeeting returns the meeting with this id, or ErrNotFound.
func (c *Cell) GetMeeting(ctx context.Context, id string) (Meeting, error) {
	m, err := scanMeeting(c.db.QueryRowContext(ctx, `
		SELECT `+meetingColumns+`
		FROM meetings
		WHERE id = ? AND deleted = 0`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Meeting{}, ErrNotFound
	}
	return m, err
}

// ListMeetings returns every meeting, newest first.
func (c *Cell) ListMeetings(ctx context.Context) ([]Meeting, error) {
	rows, err := c.db.QueryContext(ctx, `
		SELECT `+meetingColumns+`
		FROM meetings
		WHERE deleted = 0
		ORDER BY date DESC, created_at DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: list meetings: %w", err)
	}
	defer rows.Close()
	out := []Meeting{}
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Effective returns the approved meetings that stand, those not replaced by an approved
// correction, oldest first.
func Effective(meetings []Meeting) []Meeting {
	corrected := map[string]bool{}
	for _, m := range meetings {
		if m.Status == StatusApproved && m.CorrectsID != "" {
			corrected[m.CorrectsID] = true
		}
	}
	var out []Meeting
	for _, m := range meetings {
		if m.Status == StatusApproved && !corrected[m.ID] {
			out = append(out, m)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out
}

// MeetingRecordHash returns the hex SHA-256 of an approved meeting's canonical bytes, the
// value its chain entry holds: the office recomputes it from the record a bundle carries.
func MeetingRecordHash(m Meeting) (string, error) { return m.recordHash() }
