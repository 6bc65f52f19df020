package ui

import (
	"context"
	"errors"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"chibo/i18n"
	"chibo/store"
)

// profileForm is what the forms that create a cell or an office profile share: fields with
// their refusals underneath, a summary line, the passphrase twice, the create and back
// buttons, and the busy state while the key is derived.
type profileForm struct {
	ui *UI

	pass, pass2  *entry
	fields       map[string]*field
	summary      *widget.Label
	activity     *widget.Activity
	create, back *button
	busy         bool
	root         *fyne.Container
	// exists is the error that means the code is taken (it goes under the code field).
	exists error
}

func (u *UI) newProfileForm(exists error) profileForm {
	f := profileForm{ui: u, pass: u.newPasswordEntry(), pass2: u.newPasswordEntry(), summary: errorLabel(),
		activity: widget.NewActivity(), exists: exists}
	f.pass.PlaceHolder = i18n.L("ui.create.pass_hint", map[string]any{"Min": store.MinPassphraseRunes})
	f.activity.Hide()
	return f
}

// clear removes every refusal shown.
func (f *profileForm) clear() {
	for _, fl := range f.fields {
		fl.setError("")
	}
	setShown(f.summary, "")
}

// checkPassphrases puts the passphrase refusals under their fields and returns their names.
func (f *profileForm) checkPassphrases() []string {
	switch {
	case utf8.RuneCountInString(f.pass.Text) < store.MinPassphraseRunes:
		f.fields["passphrase"].setError(errorText(store.ErrPassphraseTooShort))
		return []string{"passphrase"}
	case f.pass.Text != f.pass2.Text:
		f.fields["passphrase2"].setError(i18n.L("err.passphrase_mismatch"))
		return []string{"passphrase2"}
	}
	return nil
}

// refuse shows the summary line and puts the focus on the first refused field.
func (f *profileForm) refuse(bad []string) {
	setShown(f.summary, i18n.L("ui.form.fix_fields"))
	f.root.Refresh()
	f.focus(bad[0])
}

// showError puts a refusal under the field it is about, or at the top.
func (f *profileForm) showError(err error) {
	defer f.root.Refresh()
	var ve *store.ValidationError
	switch {
	case errors.As(err, &ve):
		for _, fe := range ve.Fields {
			if fl := f.fields[fe.Field]; fl != nil {
				fl.setError(i18n.FieldSentence(i18n.Current(), fe))
			}
		}
		setShown(f.summary, i18n.L("ui.form.fix_fields"))
		if len(ve.Fields) > 0 {
			f.focus(ve.Fields[0].Field)
		}
	case f.exists != nil && errors.Is(err, f.exists):
		f.fields["code"].setError(errorText(err))
		f.focus("code")
	case errors.Is(err, store.ErrPassphraseTooShort):
		f.fields["passphrase"].setError(errorText(err))
		f.focus("passphrase")
	default:
		setShown(f.summary, errorText(err))
	}
}

func (f *profileForm) focus(name string) {
	if fl := f.fields[name]; fl != nil {
		if fo := fl.focusable(); fo != nil {
			f.ui.win.Canvas().Focus(fo)
		}
	}
}

func (f *profileForm) setBusy(b bool) {
	f.busy = b
	if b {
		f.activity.Show()
		f.activity.Start()
		f.create.Disable()
		f.back.Disable()
		return
	}
	f.activity.Stop()
	f.activity.Hide()
	f.create.Enable()
	f.back.Enable()
}

// createForm makes a new cell: what it is called, who receives its reports, and its passphrase.
type createForm struct {
	profileForm
	code, name, office, place, secretary *entry
	level                                *selectBox
}

// levelNames are the translated names of store.OfficeLevels, in the same order.
func levelNames() []string {
	out := make([]string, len(store.OfficeLevels))
	for i, l := range store.OfficeLevels {
		out[i] = i18n.L("level." + l)
	}
	return out
}

func (u *UI) newCreateForm() *createForm {
	f := &createForm{
		profileForm: u.newProfileForm(store.ErrCellExists),
		code:        u.newEntry(),
		name:        u.newEntry(),
		office:      u.newEntry(),
		place:       u.newEntry(),
		secretary:   u.newEntry(),
		level:       u.newSelect(levelNames(), nil),
	}
	f.level.SetSelectedIndex(0)
	f.code.PlaceHolder = i18n.L("ui.create.code_hint")
	f.name.PlaceHolder = i18n.L("ui.create.name_hint")
	f.office.PlaceHolder = i18n.L("ui.create.office_hint")
	f.place.PlaceHolder = i18n.L("ui.create.place_hint")
	for _, e := range []*entry{f.code, f.name, f.office, f.place, f.secretary, f.pass, f.pass2} {
		e.OnSubmitted = func(string) { f.submit() }
	}
	f.fields = map[string]*field{
		"code":         newField(i18n.L("field.code"), f.code),
		"name":         newField(i18n.L("field.name"), f.name),
		"office_name":  newField(i18n.L("ui.create.office"), f.office),
		"office_level": newField(i18n.L("ui.create.level"), f.level),
		"place":        newField(i18n.L("ui.create.place"), f.place),
		"secretary":    newField(i18n.L("field.secretary"), f.secretary),
		"passphrase":   newField(i18n.L("ui.create.pass"), f.pass),
		"passphrase2":  newField(i18n.L("ui.create.pass2"), f.pass2),
	}
	f.create = u.newButton(i18n.L("ui.create.submit"), widget.HighImportance, f.submit)
	f.back = u.newButton(i18n.L("ui.back"), widget.MediumImportance, func() { u.showStart("") })
	return f
}

func (f *createForm) content() fyne.CanvasObject {
	fl := f.fields
	body := container.NewVBox(
		heading(i18n.L("ui.create.title")),
		wrapped(i18n.L("ui.create.intro")),
		f.summary,
		form(fl["code"], fl["name"], fl["office_name"], fl["office_level"], fl["place"], fl["secretary"]),
		subheading(i18n.L("ui.create.pass_section")),
		wrapped(i18n.L("ui.create.pass_intro")),
		form(fl["passphrase"], fl["passphrase2"]),
		container.NewHBox(f.create, f.back, f.activity),
	)
	// A column of readable width in the middle of the window.
	f.root = container.NewGridWithColumns(1, container.NewCenter(sized(body, 900)))
	return f.ui.scroll("create", container.NewPadded(f.root))
}

// profile is what the form holds.
func (f *createForm) profile() store.Profile {
	p := store.Profile{
		Code:       f.code.Text,
		Name:       f.name.Text,
		OfficeName: f.office.Text,
		Place:      f.place.Text,
		Secretary:  f.secretary.Text,
	}
	if i := f.level.SelectedIndex(); i >= 0 {
		p.OfficeLevel = store.OfficeLevels[i]
	}
	return p
}

// submit checks everything it can at once (the profile, both passphrase fields), so that every
// refusal shows under its field together, then creates the cell in the background.
func (f *createForm) submit() {
	if f.busy {
		return
	}
	f.clear()
	p := f.profile()
	lang := i18n.Current()
	var bad []string
	if err := p.Validate(); err != nil {
		var ve *store.ValidationError
		if errors.As(err, &ve) {
			for _, fe := range ve.Fields {
				if fl := f.fields[fe.Field]; fl != nil {
					fl.setError(i18n.FieldSentence(lang, fe))
				}
				bad = append(bad, fe.Field)
			}
		}
	}
	bad = append(bad, f.checkPassphrases()...)
	if len(bad) > 0 {
		f.refuse(bad)
		return
	}
	f.setBusy(true)
	pass := f.pass.Text
	var c *store.Cell
	var err error
	f.ui.background(func(ctx context.Context) {
		c, err = store.CreateCell(ctx, f.ui.dataDir, p, pass, f.ui.opts.Store...)
	}, func() {
		f.setBusy(false)
		if err != nil {
			f.showError(err)
			return
		}
		f.ui.showCell(c)
	})
}
