package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"chibo/vntext"
)

// Member is one row of the roster book (mẫu 7-HSĐV) with the fields of the member sheet
// (phiếu đảng viên) the cell keeps. JSON keys are the command line's contract (cli.md).
type Member struct {
	ID      string `json:"id,omitempty"`
	Version int    `json:"version,omitempty"`

	FullName  string `json:"full_name"`
	OtherName string `json:"other_name,omitempty"`
	Gender    string `json:"gender"` // "male" or "female"
	Ethnicity string `json:"ethnicity"`
	Religion  string `json:"religion"`

	// Personal fields: see personal.go.
	BirthDate     Date   `json:"birth_date"`
	BirthPlace    string `json:"birth_place,omitempty"`
	CCCD          string `json:"cccd"`
	Hometown      string `json:"hometown"`
	Residence     string `json:"residence"`
	TempResidence string `json:"temp_residence,omitempty"`

	Occupation       string `json:"occupation,omitempty"`
	OccupationBefore string `json:"occupation_before,omitempty"`

	// The admission dates are kept as events; here they are read from and written to those.
	DecisionDate Date `json:"decision_date"`
	CeremonyDate Date `json:"ceremony_date"`
	OfficialDate Date `json:"official_date"`

	Introducer1         string `json:"introducer_1,omitempty"`
	Introducer1Position string `json:"introducer_1_position,omitempty"`
	Introducer2         string `json:"introducer_2,omitempty"`
	Introducer2Position string `json:"introducer_2_position,omitempty"`

	CardNumber     string `json:"card_number"`
	FileNumber     string `json:"file_number,omitempty"`
	YouthUnionDate Date   `json:"youth_union_date"`

	Education         string `json:"education,omitempty"`
	ProfessionalLevel string `json:"professional_level,omitempty"`
	TheoryLevel       string `json:"theory_level"`
	ForeignLanguage   string `json:"foreign_language,omitempty"`

	BadgeYears  int    `json:"badge_years,omitempty"`
	BadgeNumber string `json:"badge_number,omitempty"`

	Army    bool   `json:"army,omitempty"`
	Police  bool   `json:"police,omitempty"`
	Retired bool   `json:"retired,omitempty"`
	Notes   string `json:"notes,omitempty"`

	// State and Flags are derived from the events; they are ignored on write, except that
	// roster add refuses a State that the dates given do not produce.
	State string   `json:"state,omitempty"`
	Flags []string `json:"flags,omitempty"`
}

// memberColumns are the non-personal columns, in the order scanMember reads them.
const memberColumns = `id, version, full_name, other_name, gender, ethnicity, religion, occupation,
	occupation_before, introducer_1, introducer_1_position, introducer_2, introducer_2_position,
	card_number, file_number, youth_union_date, education, professional_level, theory_level,
	foreign_language, badge_years, badge_number, army, police, retired, notes, state, flags,
	decision_date, ceremony_date, official_date`

type scanner interface{ Scan(...any) error }

func (c *Cell) scanMember(row scanner) (Member, error) {
	var m Member
	var yu, flags, dd, cd, od string
	var pers personalRow
	dest := []any{&m.ID, &m.Version, &m.FullName, &m.OtherName, &m.Gender, &m.Ethnicity, &m.Religion,
		&m.Occupation, &m.OccupationBefore, &m.Introducer1, &m.Introducer1Position, &m.Introducer2,
		&m.Introducer2Position, &m.CardNumber, &m.FileNumber, &yu, &m.Education, &m.ProfessionalLevel,
		&m.TheoryLevel, &m.ForeignLanguage, &m.BadgeYears, &m.BadgeNumber, &m.Army, &m.Police, &m.Retired,
		&m.Notes, &m.State, &flags, &dd, &cd, &od}
	dest = append(dest, pers.dest()...)
	if err := row.Scan(dest...); err != nil {
		return m, err
	}
	m.YouthUnionDate = ParseISO(yu)
	m.Flags = splitFlags(flags)
	m.DecisionDate, m.CeremonyDate, m.OfficialDate = ParseISO(dd), ParseISO(cd), ParseISO(od)
	if err := c.openPersonal(&pers, &m); err != nil {
		return m, err
	}
	return m, nil
}

// normalize puts every text field into NFC with single spaces and resolves the coded lists to
// their official spelling ("mong" → "Mông").
func (m *Member) normalize() {
	for _, p := range []*string{&m.FullName, &m.OtherName, &m.BirthPlace, &m.Hometown, &m.Residence,
		&m.TempResidence, &m.Occupation, &m.OccupationBefore, &m.Introducer1, &m.Introducer1Position,
		&m.Introducer2, &m.Introducer2Position, &m.CardNumber, &m.FileNumber, &m.ForeignLanguage,
		&m.BadgeNumber, &m.Ethnicity, &m.Religion, &m.Education, &m.ProfessionalLevel, &m.TheoryLevel} {
		*p = vntext.NFC(*p)
	}
	m.Notes = strings.TrimSpace(normNotes(m.Notes))
	m.CCCD = strings.ReplaceAll(strings.TrimSpace(m.CCCD), " ", "")
	m.Gender = strings.ToLower(strings.TrimSpace(m.Gender))
	if e, ok := LookupEthnicity(m.Ethnicity); ok {
		m.Ethnicity = e.Name
	}
	if r, ok := LookupReligion(m.Religion); ok {
		m.Religion = r
	}
	if v, ok := LookupEducation(m.Education); ok {
		m.Education = v
	}
	if v, ok := LookupProfessional(m.ProfessionalLevel); ok {
		m.ProfessionalLevel = v
	}
	if v, ok := LookupTheory(m.TheoryLevel); ok {
		m.TheoryLevel = v
	}
}

// normNotes keeps the notes' line breaks but puts each line in NFC.
func normNotes(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = vntext.NFC(l)
	}
	return strings.Join(lines, "\n")
}

func memberSearchText(m *Member) string {
	return vntext.Fold(m.FullName+" "+m.OtherName) + " " + m.CCCD + " " + vntext.Fold(m.CardNumber)
}

func newID() string {
	return uuid.Must(uuid.NewV7()).String()
}

func stamp() string { return now().UTC().Format(time.RFC3339Nano) }

// admissionEvents are the events the three admission dates of m stand for.
func admissionEvents(m *Member) []Event {
	var evs []Event
	for _, x := range []struct {
		k EventKind
		d Date
	}{{EventAdmissionDecision, m.DecisionDate}, {EventAdmitted, m.CeremonyDate}, {EventOfficial, m.OfficialDate}} {
		if !x.d.IsZero() {
			evs = append(evs, Event{Kind: x.k, Date: x.d})
		}
	}
	return evs
}

// AddMember validates m and adds it, with events for the admission dates it carries, in one
// transaction. It returns the member as stored.
func (c *Cell) AddMember(ctx context.Context, m Member) (Member, error) {
	out, err := c.AddMembers(ctx, []Member{m})
	if err != nil {
		return Member{}, err
	}
	return out[0], nil
}

// AddMembers adds several members all together or not at all: when one is refused, none is
// stored, and the *ValidationError names which one (its position from 1, and its name).
func (c *Cell) AddMembers(ctx context.Context, ms []Member) ([]Member, error) {
	out := make([]Member, len(ms))
	col := vntext.NewCollator()
	err := c.withTx(ctx, func(tx *sql.Tx) error {
		seen := map[string]int{}
		for i, m := range ms {
			m.normalize()
			record := fmt.Sprintf("%d: %s", i+1, m.FullName)
			if len(ms) == 1 {
				record = ""
			}
			if m.ID != "" {
				if _, err := uuid.Parse(m.ID); err != nil {
					return &ValidationError{Record: record, Fields: []FieldError{{Field: "id", Key: "err.member.id"}}}
				}
				var n int
				tx.QueryRowContext(ctx, `SELECT count(*) FROM members WHERE id = ?`, m.ID).Scan(&n)
				if n > 0 {
					return &ValidationError{Record: record, Fields: []FieldError{{Field: "id", Key: "err.member.id_exists"}}}
				}
			} else {
				m.ID = newID()
			}
			fe := validateMember(&m)
			evs := admissionEvents(&m)
			d, efe := derive(evs, m.BirthDate)
			if efe != nil {
				fe = append(fe, *efe)
			}
			if m.State != "" && efe == nil && m.State != d.State {
				fe = append(fe, FieldError{Field: "state", Key: "err.member.state_mismatch",
					Args: map[string]any{"Given": m.State, "Derived": d.State}})
			}
			if m.CCCD != "" {
				if j, dup := seen[m.CCCD]; dup {
					fe = append(fe, FieldError{Field: "cccd", Key: "err.member.cccd_twice", Args: map[string]any{"Other": j}})
				}
				seen[m.CCCD] = i + 1
				if other, err := c.memberByCCCD(ctx, tx, m.CCCD, ""); err != nil {
					return err
				} else if other != "" {
					fe = append(fe, FieldError{Field: "cccd", Key: "err.member.cccd_taken", Args: map[string]any{"Name": other}})
				}
			}
			if len(fe) > 0 {
				return &ValidationError{Record: record, Fields: fe}
			}
			m.Version = 1
			m.State, m.Flags = d.State, d.Flags
			if err := c.insertMember(ctx, tx, &m, col); err != nil {
				return err
			}
			for _, e := range evs {
				e.MemberID = m.ID
				if _, err := c.insertEvent(ctx, tx, e); err != nil {
					return err
				}
			}
			if err := c.logChange(ctx, tx, m.ID, "created", "", m.FullName); err != nil {
				return err
			}
			out[i] = m
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (c *Cell) insertMember(ctx context.Context, tx *sql.Tx, m *Member, col *vntext.Collator) error {
	ts := stamp()
	args := []any{m.ID, m.Version, m.FullName, m.OtherName, m.Gender, m.Ethnicity, m.Religion, m.Occupation,
		m.OccupationBefore, m.Introducer1, m.Introducer1Position, m.Introducer2, m.Introducer2Position,
		m.CardNumber, m.FileNumber, m.YouthUnionDate.ISO(), m.Education, m.ProfessionalLevel, m.TheoryLevel,
		m.ForeignLanguage, m.BadgeYears, m.BadgeNumber, m.Army, m.Police, m.Retired, m.Notes, m.State,
		joinFlags(m.Flags), m.DecisionDate.ISO(), m.CeremonyDate.ISO(), m.OfficialDate.ISO()}
	args = append(args, c.sealPersonal(m).values()...)
	args = append(args, col.NameKey(m.FullName), c.rosterRow(m), ts, ts)
	ph := strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ")
	_, err := tx.ExecContext(ctx, `
		INSERT INTO members (`+memberColumns+`, `+personalColumns+`, sort_key, roster_row, created_at, updated_at)
		VALUES (`+ph+`)`, args...)
	return err
}

// GetMember returns the member with this id, or ErrNotFound.
func (c *Cell) GetMember(ctx context.Context, id string) (Member, error) {
	row := c.db.QueryRowContext(ctx, `
		SELECT `+memberColumns+`, `+personalColumns+`
		FROM members
		WHERE id = ?`, id)
	m, err := c.scanMember(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Member{}, ErrNotFound
	}
	if err != nil {
		return Member{}, fmt.Errorf("store: get member %s: %w", id, err)
	}
	return m, nil
}

// ListMembers returns every member, current or not, in Vietnamese order.
func (c *Cell) ListMembers(ctx context.Context) ([]Member, error) {
	rows, err := c.db.QueryContext(ctx, `
		SELECT `+memberColumns+`, `+personalColumns+`
		FROM members
		ORDER BY sort_key, id`)
	if err != nil {
		return nil, fmt.Errorf("store: list members: %w", err)
	}
	defer rows.Close()
	out := []Member{}
	for rows.Next() {
		m, err := c.scanMember(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list members: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func (c *Cell) memberByCCCD(ctx context.Context, tx *sql.Tx, cccd, exceptID string) (string, error) {
	var name string
	err := tx.QueryRowContext(ctx, `
		SELECT full_name
		FROM members
		WHERE cccd_index = ? AND id <> ?`, blindIndex(c.dek, "cccd", cccd), exceptID).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return name, err
}

// UpdateMember saves a correction of m. m.Version must be the version that was read: when
// someone else saved in between, it returns ErrConflict and saves nothing. Every changed field
// goes into the change history with the actor's name.
func (c *Cell) UpdateMember(ctx context.Context, m Member) (Member, error) {
	m.normalize()
	var out Member
	err := c.withTx(ctx, func(tx *sql.Tx) error {
		old, err := c.getMemberTx(ctx, tx, m.ID)
		if err != nil {
			return err
		}
		if old.Version != m.Version {
			return ErrConflict
		}
		fe := validateMember(&m)
		if m.CCCD != "" {
			if other, err := c.memberByCCCD(ctx, tx, m.CCCD, m.ID); err != nil {
				return err
			} else if other != "" {
				fe = append(fe, FieldError{Field: "cccd", Key: "err.member.cccd_taken", Args: map[string]any{"Name": other}})
			}
		}
		evs, err := c.eventsTx(ctx, tx, m.ID)
		if err != nil {
			return err
		}
		evs, changedEvents := applyAdmissionDates(evs, &m)
		d, efe := derive(evs, m.BirthDate)
		if efe != nil {
			fe = append(fe, *efe)
		}
		if len(fe) > 0 {
			return &ValidationError{Fields: fe}
		}
		for _, e := range changedEvents {
			if err := c.saveEventTx(ctx, tx, e); err != nil {
				return err
			}
		}
		m.State, m.Flags = d.State, d.Flags
		m.DecisionDate, m.CeremonyDate, m.OfficialDate = d.DecisionDate, d.CeremonyDate, d.OfficialDate
		for _, ch := range diffMembers(old, m) {
			if err := c.logChange(ctx, tx, m.ID, ch[0], ch[1], ch[2]); err != nil {
				return err
			}
		}
		m.Version = old.Version + 1
		if err := c.writeMemberTx(ctx, tx, &m); err != nil {
			return err
		}
		out = m
		return nil
	})
	return out, err
}

// ErrConflict says the record changed since it was read; nothing was saved.
var ErrConflict = errors.New("store: record changed since it was read")

func init() { messageKeys[ErrConflict] = "err.conflict" }

func (c *Cell) getMemberTx(ctx context.Context, tx *sql.Tx, id string) (Member, error) {
	row := tx.QueryRowContext(ctx, `
		SELECT `+memberColumns+`, `+personalColumns+`
		FROM members
		WHERE id = ?`, id)
	m, err := c.scanMember(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Member{}, ErrNotFound
	}
	return m, err
}

// writeMemberTx rewrites every stored column of m, including the derived ones.
func (c *Cell) writeMemberTx(ctx context.Context, tx *sql.Tx, m *Member) error {
	sets := strings.Split(strings.Join(strings.Fields(memberColumns), " "), ", ")
	sets = append(sets[1:], strings.Split(personalColumns, ", ")...)
	sets = append(sets, "sort_key", "roster_row", "updated_at")
	args := []any{m.Version, m.FullName, m.OtherName, m.Gender, m.Ethnicity, m.Religion, m.Occupation,
		m.OccupationBefore, m.Introducer1, m.Introducer1Position, m.Introducer2, m.Introducer2Position,
		m.CardNumber, m.FileNumber, m.YouthUnionDate.ISO(), m.Education, m.ProfessionalLevel, m.TheoryLevel,
		m.ForeignLanguage, m.BadgeYears, m.BadgeNumber, m.Army, m.Police, m.Retired, m.Notes, m.State,
		joinFlags(m.Flags), m.DecisionDate.ISO(), m.CeremonyDate.ISO(), m.OfficialDate.ISO()}
	args = append(args, c.sealPersonal(m).values()...)
	args = append(args, vntext.NewCollator().NameKey(m.FullName), c.rosterRow(m), stamp(), m.ID)
	for i, s := range sets {
		sets[i] = strings.TrimSpace(s) + " = ?"
	}
	_, err := tx.ExecContext(ctx, `
		UPDATE members
		SET `+strings.Join(sets, ", ")+`
		WHERE id = ?`, args...)
	return err
}

// diffMembers lists [field, old, new] for every field a correction changed, by JSON key.
func diffMembers(a, b Member) [][3]string {
	fa, fb := memberFields(&a), memberFields(&b)
	var out [][3]string
	for i := range fa {
		if fa[i][1] != fb[i][1] {
			out = append(out, [3]string{fa[i][0], fa[i][1], fb[i][1]})
		}
	}
	return out
}

// memberFields lists the editable fields of m as [JSON key, text] pairs.
func memberFields(m *Member) [][2]string {
	b := func(v bool) string { return strconv.FormatBool(v) }
	return [][2]string{
		{"full_name", m.FullName}, {"other_name", m.OtherName}, {"gender", m.Gender},
		{"ethnicity", m.Ethnicity}, {"religion", m.Religion}, {"birth_date", m.BirthDate.ISO()},
		{"birth_place", m.BirthPlace}, {"cccd", m.CCCD}, {"hometown", m.Hometown},
		{"residence", m.Residence}, {"temp_residence", m.TempResidence}, {"occupation", m.Occupation},
		{"occupation_before", m.OccupationBefore}, {"decision_date", m.DecisionDate.ISO()},
		{"ceremony_date", m.CeremonyDate.ISO()}, {"official_date", m.OfficialDate.ISO()},
		{"introducer_1", m.Introducer1}, {"introducer_1_position", m.Introducer1Position},
		{"introducer_2", m.Introducer2}, {"introducer_2_position", m.Introducer2Position},
		{"card_number", m.CardNumber}, {"file_number", m.FileNumber},
		{"youth_union_date", m.YouthUnionDate.ISO()}, {"education", m.Education},
		{"professional_level", m.ProfessionalLevel}, {"theory_level", m.TheoryLevel},
		{"foreign_language", m.ForeignLanguage}, {"badge_years", strconv.Itoa(m.BadgeYears)},
		{"badge_number", m.BadgeNumber}, {"army", b(m.Army)}, {"police", b(m.Police)},
		{"retired", b(m.Retired)}, {"notes", m.Notes},
	}
}

// Change is one line of a member's correction history.
type Change struct {
	At       time.Time
	Actor    string
	Field    string // a JSON key of Member, "created", or "event.<kind>"
	OldValue string
	NewValue string
}

func (c *Cell) logChange(ctx context.Context, tx *sql.Tx, memberID, field, old, new string) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO member_changes (member_id, at, actor, field, old_value, new_value)
		VALUES (?, ?, ?, ?, ?, ?)`, memberID, stamp(), c.Actor(), field, old, new)
	return err
}

// History returns a member's change history, oldest first.
func (c *Cell) History(ctx context.Context, memberID string) ([]Change, error) {
	rows, err := c.db.QueryContext(ctx, `
		SELECT at, actor, field, old_value, new_value
		FROM member_changes
		WHERE member_id = ?
		ORDER BY seq`, memberID)
	if err != nil {
		return nil, fmt.Errorf("store: history %s: %w", memberID, err)
	}
	defer rows.Close()
	out := []Change{}
	for rows.Next() {
		var ch Change
		var at string
		if err := rows.Scan(&at, &ch.Actor, &ch.Field, &ch.OldValue, &ch.NewValue); err != nil {
			return nil, err
		}
		ch.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, ch)
	}
	return out, rows.Err()
}
