package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chibo/i18n"
	"chibo/rules"
)

// watchPage lists the deadlines the program watches, most urgent first. Choosing a line opens
// the member it is about.
type watchPage struct {
	cs     *cellScreen
	errMsg *widget.Label
	empty  *widget.Label
	list   *list
	items  []rules.WatchItem
}

func (cs *cellScreen) newWatchPage() *watchPage {
	w := &watchPage{cs: cs, errMsg: errorLabel(), empty: wrapped(i18n.L("ui.watch.empty"))}
	w.empty.Hide()
	w.list = newList(func() int { return len(w.items) }, w.createRow, w.updateRow)
	w.list.OnSelected = func(id widget.ListItemID) {
		if id >= len(w.items) {
			return
		}
		// Unselect so that the same line can be chosen again after coming back.
		w.list.UnselectAll()
		cs.openMember(w.items[id].MemberID)
	}
	return w
}

func (w *watchPage) content() fyne.CanvasObject {
	top := container.NewVBox(
		subheading(i18n.L("ui.watch.title")),
		wrapped(i18n.L("ui.watch.intro")),
		w.errMsg,
		w.empty,
	)
	return border(top, nil, w.list)
}

func (w *watchPage) setItems(items []rules.WatchItem) {
	w.items = items
	setShown(w.errMsg, "")
	if len(items) == 0 {
		w.empty.Show()
	} else {
		w.empty.Hide()
	}
	w.list.Refresh()
}

func (w *watchPage) setError(msg string) { setShown(w.errMsg, msg) }

func (w *watchPage) createRow() fyne.CanvasObject {
	bg := canvas.NewRectangle(color.Transparent)
	bg.CornerRadius = 4
	word := canvas.NewText("", color.Black)
	word.TextStyle = fyne.TextStyle{Bold: true}
	word.Alignment = fyne.TextAlignCenter
	marker := sized(container.NewStack(bg, container.NewPadded(word)), 130)
	name := &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}
	due := &widget.Label{}
	what := &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	return rowBox(container.NewBorder(nil, nil, marker, due, name), what)
}

// severityColors are the marker's background and word colours. Colour is never the only sign:
// the marker always carries the word too.
func severityColors(sev string) (bg, fg color.Color) {
	switch sev {
	case rules.SeverityOverdue:
		return theme.Color(theme.ColorNameError), color.White
	case rules.SeverityDue:
		return theme.Color(theme.ColorNameWarning), color.Black
	case rules.SeverityUpcoming:
		return theme.Color(theme.ColorNameInputBackground), color.Black
	}
	return theme.Color(theme.ColorNameSeparator), color.Black
}

func (w *watchPage) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(w.items) {
		return
	}
	it := w.items[id]
	rows := o.(*fyne.Container)
	line := rows.Objects[0].(*fyne.Container)
	name, markerBox, due := line.Objects[0].(*widget.Label), line.Objects[1].(*fyne.Container), line.Objects[2].(*widget.Label)
	stack := markerBox.Objects[0].(*fyne.Container)
	bg := stack.Objects[0].(*canvas.Rectangle)
	word := stack.Objects[1].(*fyne.Container).Objects[0].(*canvas.Text)
	bg.FillColor, word.Color = severityColors(it.Severity)
	word.Text = i18n.L("severity." + it.Severity)
	word.TextSize = theme.TextSize()
	bg.Refresh()
	word.Refresh()
	name.SetText(it.MemberName)
	if it.Due.Valid() {
		due.SetText(i18n.L("ui.watch.due", map[string]any{"Date": it.Due.DMY()}))
	} else {
		due.SetText("")
	}
	rows.Objects[1].(*widget.Label).SetText(rules.Describe(i18n.Current(), it))
}
