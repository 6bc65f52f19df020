package ui

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"chibo/i18n"
	"chibo/store"
)

// Tabs of the member editor.
const (
	tabProfile = iota
	tabTimeline
	tabHistory
)

// memberEditor shows one member: every field of the member sheet in a scrollable form, her
// timeline of dated events, and the history of corrections.
type memberEditor struct {
	ui *UI
	cs *cellScreen
	rp *rosterPage

	id     string       // "" for a member not saved yet
	m      store.Member // as last read or saved
	dirty  bool         // something was typed since
	filled bool         // false while fill runs, so that filling is not typing

	title   *widget.Label
	status  *widget.Label
	saved   *widget.Label
	summary *widget.Label
	saveBtn *button
	cancel  *button
	reload  *button
	tabBtns []*button
	tabs    *fyne.Container
	root    *fyne.Container // everything; laid out again when a message line appears or goes

	fullName, otherName, birthDate, birthPlace, cccd         *entry
	hometown, residence, tempResidence                       *entry
	occupation, occupationBefore                             *entry
	decisionDate, ceremonyDate, officialDate                 *entry
	introducer1, introducer1Pos, introducer2, introducer2Pos *entry
	cardNumber, fileNumber, youthUnionDate                   *entry
	foreignLanguage, badgeNumber, notes                      *entry
	gender, religion, education, professional, theory        *selectBox
	badgeYears                                               *selectBox
	ethnicity                                                *selectEntry
	army, police, retired                                    *check
	codes                                                    map[*selectBox]*coded
	fields                                                   map[string]*field
	order                                                    []string // field keys in form order

	timeline *timeline
	history  *historyView
}

func (cs *cellScreen) newMemberEditor(rp *rosterPage, id string) *memberEditor {
	u := cs.ui
	e := &memberEditor{
		ui: u, cs: cs, rp: rp, id: id,
		title:   heading(""),
		status:  &widget.Label{Wrapping: fyne.TextWrapWord},
		saved:   &widget.Label{TextStyle: fyne.TextStyle{Bold: true}},
		summary: errorLabel(),
		codes:   map[*selectBox]*coded{},
		fields:  map[string]*field{},
	}
	e.saved.Hide()
	e.saveBtn = u.newButton(i18n.L("ui.save"), widget.HighImportance, e.save)
	e.cancel = u.newButton(i18n.L("ui.cancel"), widget.MediumImportance, e.cancelEdit)
	e.reload = u.newButton(i18n.L("ui.member.reload"), widget.WarningImportance, e.reloadMember)
	e.reload.Hide()

	text := func(p **entry) *entry {
		*p = u.newEntry()
		(*p).OnChanged = func(string) { e.changed() }
		return *p
	}
	date := func(p **entry) *entry {
		text(p).PlaceHolder = i18n.L("ui.date.placeholder")
		return *p
	}
	sel := func(p **selectBox, c *coded) *selectBox {
		*p = u.newSelect(c.shown, func(string) { e.changed() })
		e.codes[*p] = c
		return *p
	}
	checkBox := func(p **check, key string) *check {
		*p = u.newCheck(i18n.L("field."+key), func(bool) { e.changed() })
		return *p
	}
	add := func(key string, input fyne.CanvasObject) *field {
		f := newField(i18n.L("field."+key), input)
		e.fields[key] = f
		e.order = append(e.order, key)
		return f
	}

	genderCodes := &coded{values: append([]string(nil), genders...), shown: []string{i18n.L("gender.male"), i18n.L("gender.female")}}
	badge := newCoded(badgeValues(), "ui.member.none")
	for i, v := range badge.values {
		if v != "" {
			badge.shown[i] = i18n.L("ui.member.badge", map[string]any{"Years": v})
		}
	}
	e.ethnicity = u.newSelectEntry(ethnicityNames())
	e.ethnicity.PlaceHolder = i18n.L("ui.member.ethnicity_hint")
	e.ethnicity.OnChanged = func(string) { e.changed() }

	personal := []*field{
		add("full_name", text(&e.fullName)),
		add("other_name", text(&e.otherName)),
		add("gender", sel(&e.gender, genderCodes)),
		add("birth_date", date(&e.birthDate)),
		add("cccd", text(&e.cccd)),
		add("ethnicity", e.ethnicity),
		add("religion", sel(&e.religion, newCoded(store.Religions, "ui.member.no_religion"))),
		add("birth_place", text(&e.birthPlace)),
		add("hometown", text(&e.hometown)),
		add("residence", text(&e.residence)),
		add("temp_residence", text(&e.tempResidence)),
		add("occupation", text(&e.occupation)),
		add("occupation_before", text(&e.occupationBefore)),
	}
	party := []*field{
		add("decision_date", date(&e.decisionDate)),
		add("ceremony_date", date(&e.ceremonyDate)),
		add("official_date", date(&e.officialDate)),
		add("introducer_1", text(&e.introducer1)),
		add("introducer_1_position", text(&e.introducer1Pos)),
		add("introducer_2", text(&e.introducer2)),
		add("introducer_2_position", text(&e.introducer2Pos)),
		add("card_number", text(&e.cardNumber)),
		add("file_number", text(&e.fileNumber)),
		add("youth_union_date", date(&e.youthUnionDate)),
	}
	levels := []*field{
		add("education", sel(&e.education, newCoded(store.EducationLevels, "ui.member.none"))),
		add("professional_level", sel(&e.professional, newCoded(store.ProfessionalLevels, "ui.member.none"))),
		add("theory_level", sel(&e.theory, newCoded(store.TheoryLevels, "ui.member.none"))),
		add("foreign_language", text(&e.foreignLanguage)),
	}
	markers := newField(i18n.L("ui.member.markers"),
		container.NewHBox(checkBox(&e.army, "army"), checkBox(&e.police, "police"), checkBox(&e.retired, "retired")))
	for _, k := range []string{"army", "police", "retired"} {
		e.fields[k] = markers
	}
	e.order = append(e.order, "army")
	e.notes = u.newMultiLineEntry()
	e.notes.SetMinRowsVisible(3)
	e.notes.OnChanged = func(string) { e.changed() }
	other := []*field{
		add("badge_years", sel(&e.badgeYears, badge)),
		add("badge_number", text(&e.badgeNumber)),
		markers,
		add("notes", e.notes),
	}
	var all []*field
	for _, sec := range []struct {
		key    string
		fields []*field
	}{{"personal", personal}, {"party", party}, {"levels", levels}, {"other", other}} {
		all = append(all, section(i18n.L("ui.member.section."+sec.key)))
		all = append(all, sec.fields...)
	}
	profile := form(all...)
	e.timeline = e.newTimeline()
	e.history = e.newHistoryView()
	e.tabs = container.NewStack(u.scroll("member", container.NewPadded(profile)), e.timeline.content(), e.history.content())
	for i, key := range []string{"ui.member.tab.profile", "ui.member.tab.timeline", "ui.member.tab.history"} {
		i := i
		e.tabBtns = append(e.tabBtns, u.newButton(i18n.L(key), widget.MediumImportance, func() { e.showTab(i) }))
	}
	e.showTab(tabProfile)
	return e
}

func (e *memberEditor) content() fyne.CanvasObject {
	buttons := container.NewHBox(e.reload, e.cancel, e.saveBtn)
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, buttons, e.title),
		e.status,
		e.saved,
		e.summary,
		container.NewHBox(e.tabBtns[0], e.tabBtns[1], e.tabBtns[2]),
		widget.NewSeparator(),
	)
	e.root = border(top, nil, e.tabs)
	return e.root
}

// relayout lays the editor out again after a message line above the form appeared, grew or
// went: Fyne does not always notice that a hidden label became visible.
func (e *memberEditor) relayout() {
	if e.root != nil {
		e.root.Refresh()
	}
}

func (e *memberEditor) showTab(tab int) {
	for i, b := range e.tabBtns {
		if i == tab {
			b.Importance = widget.HighImportance
			e.tabs.Objects[i].Show()
		} else {
			b.Importance = widget.MediumImportance
			e.tabs.Objects[i].Hide()
		}
		b.Refresh()
	}
	e.tabs.Refresh()
}

// load reads the member, her events and her history in the background and fills the form;
// draft, when not nil, then replaces what the form shows (edits carried over a rebuild).
func (e *memberEditor) load(draft *store.Member) {
	if e.id == "" {
		e.fill(store.Member{})
		e.title.SetText(i18n.L("ui.member.new"))
		e.status.SetText(i18n.L("ui.member.new_hint"))
		for _, b := range e.tabBtns[1:] {
			b.Disable()
		}
		if draft != nil {
			e.fill(*draft)
			e.dirty = true
		}
		return
	}
	var m store.Member
	var evs []store.Event
	var hist []store.Change
	var err error
	id := e.id
	e.ui.background(func(ctx context.Context) {
		if m, err = e.cs.cell.GetMember(ctx, id); err != nil {
			return
		}
		if evs, err = e.cs.cell.Events(ctx, id); err != nil {
			return
		}
		hist, err = e.cs.cell.History(ctx, id)
	}, func() {
		if err != nil {
			setShown(e.summary, errorText(err))
			return
		}
		e.loaded(m)
		e.timeline.set(evs)
		e.history.set(hist)
		if draft != nil {
			d := *draft
			d.ID, d.Version = m.ID, m.Version
			e.fill(d)
			e.dirty = true
		}
	})
}

// loaded shows a member as read or saved.
func (e *memberEditor) loaded(m store.Member) {
	e.m = m
	e.id = m.ID
	e.fill(m)
	e.dirty = false
	e.title.SetText(m.FullName)
	e.status.SetText(i18n.L("ui.member.status", map[string]any{"State": stateText(m.State, m.Flags)}))
	for _, b := range e.tabBtns[1:] {
		b.Enable()
	}
}

// reloadMember reads the member again (after someone else saved her), dropping the edits.
func (e *memberEditor) reloadMember() {
	e.reload.Hide()
	setShown(e.summary, "")
	e.clearErrors()
	e.relayout()
	e.load(nil)
}

func (e *memberEditor) changed() {
	if e.filled {
		e.dirty = true
		e.saved.Hide()
	}
}

func (e *memberEditor) setSelect(s *selectBox, v string) {
	c := e.codes[s]
	i := c.index(v)
	s.Options = c.shown
	s.SetSelectedIndex(i)
}

func (e *memberEditor) selected(s *selectBox) string {
	return e.codes[s].value(s.SelectedIndex())
}

// fill puts m into the form; dates show as dd/mm/yyyy, or as the text typed when not a date.
func (e *memberEditor) fill(m store.Member) {
	e.filled = false
	defer func() { e.filled = true }()
	for _, x := range []struct {
		w *entry
		v string
	}{
		{e.fullName, m.FullName}, {e.otherName, m.OtherName}, {e.birthDate, m.BirthDate.DMY()},
		{e.birthPlace, m.BirthPlace}, {e.cccd, m.CCCD}, {e.hometown, m.Hometown}, {e.residence, m.Residence},
		{e.tempResidence, m.TempResidence}, {e.occupation, m.Occupation}, {e.occupationBefore, m.OccupationBefore},
		{e.decisionDate, m.DecisionDate.DMY()}, {e.ceremonyDate, m.CeremonyDate.DMY()},
		{e.officialDate, m.OfficialDate.DMY()}, {e.introducer1, m.Introducer1}, {e.introducer1Pos, m.Introducer1Position},
		{e.introducer2, m.Introducer2}, {e.introducer2Pos, m.Introducer2Position}, {e.cardNumber, m.CardNumber},
		{e.fileNumber, m.FileNumber}, {e.youthUnionDate, m.YouthUnionDate.DMY()},
		{e.foreignLanguage, m.ForeignLanguage}, {e.badgeNumber, m.BadgeNumber}, {e.notes, m.Notes},
	} {
		x.w.SetText(x.v)
	}
	e.ethnicity.SetText(m.Ethnicity)
	if m.Gender == "" {
		e.gender.ClearSelected()
	} else {
		e.setSelect(e.gender, m.Gender)
	}
	e.setSelect(e.religion, m.Religion)
	e.setSelect(e.education, m.Education)
	e.setSelect(e.professional, m.ProfessionalLevel)
	e.setSelect(e.theory, m.TheoryLevel)
	badge := ""
	if m.BadgeYears != 0 {
		badge = strconv.Itoa(m.BadgeYears)
	}
	e.setSelect(e.badgeYears, badge)
	e.army.SetChecked(m.Army)
	e.police.SetChecked(m.Police)
	e.retired.SetChecked(m.Retired)
}

// collect is what the form holds, as a member to save.
func (e *memberEditor) collect() store.Member {
	m := store.Member{
		ID: e.m.ID, Version: e.m.Version,
		FullName: e.fullName.Text, OtherName: e.otherName.Text, Gender: e.selected(e.gender),
		Ethnicity: e.ethnicity.Text, Religion: e.selected(e.religion),
		BirthDate: store.ParseDMY(e.birthDate.Text), BirthPlace: e.birthPlace.Text, CCCD: e.cccd.Text,
		Hometown: e.hometown.Text, Residence: e.residence.Text, TempResidence: e.tempResidence.Text,
		Occupation: e.occupation.Text, OccupationBefore: e.occupationBefore.Text,
		DecisionDate: store.ParseDMY(e.decisionDate.Text), CeremonyDate: store.ParseDMY(e.ceremonyDate.Text),
		OfficialDate: store.ParseDMY(e.officialDate.Text),
		Introducer1:  e.introducer1.Text, Introducer1Position: e.introducer1Pos.Text,
		Introducer2: e.introducer2.Text, Introducer2Position: e.introducer2Pos.Text,
		CardNumber: e.cardNumber.Text, FileNumber: e.fileNumber.Text,
		YouthUnionDate: store.ParseDMY(e.youthUnionDate.Text),
		Education:      e.selected(e.education), ProfessionalLevel: e.selected(e.professional),
		TheoryLevel: e.selected(e.theory), ForeignLanguage: e.foreignLanguage.Text,
		BadgeNumber: e.badgeNumber.Text,
		Army:        e.army.Checked, Police: e.police.Checked, Retired: e.retired.Checked,
		Notes: e.notes.Text,
	}
	m.BadgeYears, _ = strconv.Atoi(e.selected(e.badgeYears))
	return m
}

func (e *memberEditor) clearErrors() {
	for _, f := range e.fields {
		f.setError("")
	}
}

// fieldOfEvent is the form field a refused admission event is about: the store checks the
// admission dates as events, and names the event.
var fieldOfEvent = map[string]string{
	"event." + string(store.EventAdmissionDecision): "decision_date",
	"event." + string(store.EventAdmitted):          "ceremony_date",
	"event." + string(store.EventReadmitted):        "ceremony_date",
	"event." + string(store.EventOfficial):          "official_date",
}

// save adds or corrects the member in the background. A refusal shows under each refused field
// and, all together, at the top; nothing typed is lost, and the first refused field gets the
// focus.
func (e *memberEditor) save() {
	if e.saveBtn.Disabled() {
		return
	}
	m := e.collect()
	e.clearErrors()
	setShown(e.summary, "")
	e.saved.Hide()
	e.saveBtn.Disable()
	var out store.Member
	var err error
	isNew := e.id == ""
	e.ui.background(func(ctx context.Context) {
		if isNew {
			out, err = e.cs.cell.AddMember(ctx, m)
		} else {
			out, err = e.cs.cell.UpdateMember(ctx, m)
		}
	}, func() {
		e.saveBtn.Enable()
		if err != nil {
			e.showError(err)
			return
		}
		e.loaded(out)
		e.rp.selectedID = out.ID
		e.saved.SetText(i18n.L("ui.member.saved", map[string]any{"Time": e.ui.opts.Now().Format("15:04")}))
		e.saved.Show()
		e.relayout()
		e.cs.afterChange()
		e.reloadSide()
	})
}

func (e *memberEditor) showError(err error) {
	defer e.relayout()
	var ve *store.ValidationError
	switch {
	case errors.As(err, &ve):
		lines := i18n.ValidationLines(i18n.Current(), ve)
		first := ""
		for _, fe := range ve.Fields {
			name := fe.Field
			if k, ok := fieldOfEvent[name]; ok {
				name = k
			}
			if f := e.fields[name]; f != nil {
				f.setError(i18n.FieldSentence(i18n.Current(), fe))
				if first == "" {
					first = name
				}
			}
		}
		setShown(e.summary, i18n.L("ui.member.refused")+"\n"+strings.Join(lines, "\n"))
		e.showTab(tabProfile)
		if first == "" {
			return
		}
		// The first refused field in the order of the form, not of the store's list.
		for _, k := range e.order {
			if ve.Has(k) || fieldOfEventHas(ve, k) {
				first = k
				break
			}
		}
		if fo := e.fields[first].focusable(); fo != nil {
			e.ui.win.Canvas().Focus(fo)
		}
	case errors.Is(err, store.ErrConflict):
		setShown(e.summary, errorText(err))
		e.reload.Show()
	default:
		setShown(e.summary, errorText(err))
	}
}

func fieldOfEventHas(ve *store.ValidationError, key string) bool {
	for ev, k := range fieldOfEvent {
		if k == key && ve.Has(ev) {
			return true
		}
	}
	return false
}

// cancelEdit drops the edits (after asking): a new member's editor closes, an existing
// member's form shows her as saved.
func (e *memberEditor) cancelEdit() {
	drop := func() {
		if e.id == "" {
			e.rp.closeEditor()
			return
		}
		e.clearErrors()
		setShown(e.summary, "")
		e.fill(e.m)
		e.dirty = false
		e.relayout()
	}
	if e.dirty {
		e.ui.confirmDiscard(drop)
		return
	}
	drop()
}

// reloadSide reads the member's events and history again.
func (e *memberEditor) reloadSide() {
	var evs []store.Event
	var hist []store.Change
	var err error
	id := e.id
	e.ui.background(func(ctx context.Context) {
		if evs, err = e.cs.cell.Events(ctx, id); err != nil {
			return
		}
		hist, err = e.cs.cell.History(ctx, id)
	}, func() {
		if err != nil {
			setShown(e.summary, errorText(err))
			return
		}
		e.timeline.set(evs)
		e.history.set(hist)
	})
}

// afterEvent reloads the member after her timeline changed: her state, flags and admission
// dates follow from the events.
func (e *memberEditor) afterEvent() {
	var m store.Member
	var err error
	id := e.id
	e.ui.background(func(ctx context.Context) {
		m, err = e.cs.cell.GetMember(ctx, id)
	}, func() {
		if err != nil {
			setShown(e.summary, errorText(err))
			return
		}
		e.loaded(m)
		e.cs.afterChange()
		e.reloadSide()
	})
}
