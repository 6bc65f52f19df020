//go:build cgo

package ui

import (
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/lang"

	"chibo/assets"
	"chibo/i18n"
)

// Run opens the window on the cells under dataDir and returns when it is closed. It is the only
// code that needs a real display and cgo; everything else runs under fyne.io/fyne/v2/test.
func Run(dataDir string) {
	a := app.NewWithID("vn.chibo.sotay")
	i18n.SetCurrent(i18n.FromLocale(systemLocale()))
	w := a.NewWindow(i18n.L("ui.app.title"))
	u := NewUI(a, w, dataDir, Options{DemoIfEmpty: true})
	// NewUI may have switched to the saved language.
	fyneSpeak(i18n.Current())
	w.SetTitle(i18n.L("ui.app.title"))
	// 1280×720 leaves room for the taskbar on the 1366×768 screens these laptops have.
	w.Resize(fyne.NewSize(1280, 720))
	w.CenterOnScreen()
	w.ShowAndRun()
	// Let the cell close (and anything still being written finish) before the program ends.
	u.closeCell()
	u.wait()
	// Documents handed to a PDF viewer to print are not left behind on a shared machine (a
	// viewer that still has one open keeps it; it goes at the next print).
	removePrinted(0)
}

// systemLocale is the user's locale: LC_ALL, LC_MESSAGES or LANG where they are set (Linux),
// else what Fyne reads from the system (Windows). The environment comes first because Fyne
// turns "C" into "en", and a machine left on "C" should speak Vietnamese.
func systemLocale() string {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return string(lang.SystemLocale())
}

// fyneSpeak gives Fyne's own words (the Cut/Copy/Paste menu of a text field, the file dialog)
// in Vietnamese when the program speaks Vietnamese. Fyne has no Vietnamese of its own and falls
// back to English whatever the system says, so the Vietnamese words are registered for English
// too. It applies from the start; a switch to English in the settings takes effect for these
// words at the next start.
func fyneSpeak(l i18n.Lang) {
	if l != i18n.VI {
		return
	}
	for _, loc := range []fyne.Locale{"vi", "en"} {
		if err := lang.AddTranslationsForLocale(assets.FyneVietnamese, loc); err != nil {
			fyne.LogError("Vietnamese words for Fyne", err)
		}
	}
}
