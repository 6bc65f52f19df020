package ui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"chibo/i18n"
	"chibo/store"
)

// settingsPage holds how the window looks (language, text size), who is at the keyboard, and the
// cell's profile.
type settingsPage struct {
	cs *cellScreen

	language *selectBox
	textSize *selectBox

	actor    *entry
	actorBtn *button
	actorMsg *widget.Label

	code                           *widget.Label
	name, office, place, secretary *entry
	level                          *selectBox
	fields                         map[string]*field
	summary                        *widget.Label
	saved                          *widget.Label
	saveBtn                        *button
	dirty                          bool
	filling                        bool
	root                           *fyne.Container
}

func (cs *cellScreen) newSettingsPage() *settingsPage {
	u := cs.ui
	s := &settingsPage{
		cs:        cs,
		actor:     u.newEntry(),
		actorMsg:  &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord},
		code:      &widget.Label{},
		name:      u.newEntry(),
		office:    u.newEntry(),
		place:     u.newEntry(),
		secretary: u.newEntry(),
		level:     u.newSelect(levelNames(), nil),
		summary:   errorLabel(),
		saved:     &widget.Label{TextStyle: fyne.TextStyle{Bold: true}},
	}
	s.language, s.textSize = u.languageAndSizeSelects()
	s.actorMsg.Hide()
	s.saved.Hide()
	s.actor.OnSubmitted = func(string) { s.setActor() }
	s.actorBtn = u.newButton(i18n.L("ui.settings.actor_set"), widget.MediumImportance, s.setActor)
	changed := func(string) {
		if !s.filling {
			s.dirty = true
			s.saved.Hide()
		}
	}
	for _, e := range []*entry{s.name, s.office, s.place, s.secretary} {
		e.OnChanged = changed
	}
	s.level.OnChanged = changed
	s.fields = map[string]*field{
		"code":         newField(i18n.L("field.code"), s.code),
		"name":         newField(i18n.L("field.name"), s.name),
		"office_name":  newField(i18n.L("ui.create.office"), s.office),
		"office_level": newField(i18n.L("ui.create.level"), s.level),
		"place":        newField(i18n.L("ui.create.place"), s.place),
		"secretary":    newField(i18n.L("field.secretary"), s.secretary),
	}
	s.saveBtn = u.newButton(i18n.L("ui.settings.profile_save"), widget.HighImportance, s.saveProfile)
	return s
}

func (s *settingsPage) content() fyne.CanvasObject {
	f := s.fields
	body := container.NewVBox(
		subheading(i18n.L("ui.settings.display")),
		form(newField(i18n.L("ui.settings.language"), s.language), newField(i18n.L("ui.settings.text_size"), s.textSize)),
		subheading(i18n.L("ui.settings.actor_section")),
		wrapped(i18n.L("ui.settings.actor_intro")),
		form(newField(i18n.L("ui.settings.actor"), container.NewBorder(nil, nil, nil, s.actorBtn, s.actor))),
		s.actorMsg,
		subheading(i18n.L("ui.settings.profile")),
		s.summary,
		form(f["code"], f["name"], f["office_name"], f["office_level"], f["place"], f["secretary"]),
		container.NewHBox(s.saveBtn),
		s.saved,
	)
	s.root = container.NewPadded(container.NewCenter(sized(body, 900)))
	return s.cs.ui.scroll("settings", s.root)
}

// fill shows the current profile and actor, unless the profile is being edited.
func (s *settingsPage) fill() {
	if s.actor.Text == "" {
		s.actor.SetText(s.cs.cell.Actor())
	}
	if s.dirty {
		return
	}
	s.filling = true
	defer func() { s.filling = false }()
	p := s.cs.cell.Profile()
	s.code.SetText(p.Code)
	s.name.SetText(p.Name)
	s.office.SetText(p.OfficeName)
	s.place.SetText(p.Place)
	s.secretary.SetText(p.Secretary)
	for i, l := range store.OfficeLevels {
		if l == p.OfficeLevel {
			s.level.SetSelectedIndex(i)
		}
	}
}

// setActor names the person at the keyboard; every change from now on records the name.
func (s *settingsPage) setActor() {
	s.cs.cell.SetActor(s.actor.Text)
	s.actor.SetText(s.cs.cell.Actor())
	s.actorMsg.SetText(i18n.L("ui.settings.actor_done", map[string]any{"Name": s.cs.cell.Actor()}))
	s.actorMsg.Show()
	s.root.Refresh()
}

func (s *settingsPage) saveProfile() {
	if s.saveBtn.Disabled() {
		return
	}
	p := s.cs.cell.Profile()
	p.Name, p.OfficeName, p.Place, p.Secretary = s.name.Text, s.office.Text, s.place.Text, s.secretary.Text
	if i := s.level.SelectedIndex(); i >= 0 {
		p.OfficeLevel = store.OfficeLevels[i]
	}
	for _, f := range s.fields {
		f.setError("")
	}
	setShown(s.summary, "")
	s.saved.Hide()
	s.saveBtn.Disable()
	var err error
	s.cs.ui.background(func(ctx context.Context) {
		err = s.cs.cell.UpdateProfile(ctx, p)
	}, func() {
		s.saveBtn.Enable()
		defer s.root.Refresh()
		if err != nil {
			var ve *store.ValidationError
			if errors.As(err, &ve) {
				for _, fe := range ve.Fields {
					if f := s.fields[fe.Field]; f != nil {
						f.setError(i18n.FieldSentence(i18n.Current(), fe))
					}
				}
				setShown(s.summary, i18n.L("ui.form.fix_fields"))
				return
			}
			setShown(s.summary, errorText(err))
			return
		}
		s.dirty = false
		s.fill()
		s.cs.refreshHeader()
		s.saved.SetText(i18n.L("ui.settings.profile_saved"))
		s.saved.Show()
	})
}
