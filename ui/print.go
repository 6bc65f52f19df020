package ui

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"chibo/i18n"
)

// paper is a document the window can print or save: what to call it in a sentence, the name
// its file gets when saved, and how to make it. make runs off the UI goroutine, so it must
// work on copies, never on what the widgets are still changing.
type paper struct {
	what string // "biên bản", in the current language, for the sentences about it
	file string // "LUNGVAI-BB-03-2026.pdf"
	make func(ctx context.Context, w io.Writer) error
}

// Printing and saving fail in these ways; each has its own sentence.
var (
	// errNoPrintProgram: the system has no way to print from a program (no lp on Linux).
	errNoPrintProgram = errors.New("ui: no print program")
	// errMakePDF: the document could not be made (a bug, logged).
	errMakePDF = errors.New("ui: make pdf")
)

// printError is a print program that ran and refused.
type printError struct {
	err    error
	output string
}

func (e *printError) Error() string { return "ui: print: " + e.err.Error() + ": " + e.output }
func (e *printError) Unwrap() error { return e.err }

// printDir is where documents to print are written, in a folder of their own that only this
// user can read. lp has taken its copy when it returns, so the file goes at once; a PDF viewer
// (Windows) reads it after the program has handed it over, so there it stays until the next
// print after an hour, or until the program ends.
func printDir() (string, error) {
	dir := filepath.Join(os.TempDir(), "chibo-in")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	removePrinted(time.Hour)
	return dir, nil
}

// removePrinted removes the documents written for printing that are older than age.
func removePrinted(age time.Duration) {
	dir := filepath.Join(os.TempDir(), "chibo-in")
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) >= age {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// makePDF makes a paper in memory, so that a failure to make it is told apart from a failure
// to write it, and nothing is written until the whole document exists.
func makePDF(ctx context.Context, p paper) ([]byte, error) {
	var b bytes.Buffer
	if err := p.make(ctx, &b); err != nil {
		log.Printf("chibo: make %s: %v", p.file, err)
		return nil, errMakePDF
	}
	return b.Bytes(), nil
}

// printPaper makes the paper and hands it to the printer, in the background; then it says
// what happened and, when printing failed, offers to save the file instead. done, when not
// nil, runs afterwards on the UI goroutine (to enable the button again).
func (u *UI) printPaper(p paper, done func()) {
	printer := u.opts.Printer
	if printer == nil {
		printer = systemPrint
	}
	var err error
	u.background(func(ctx context.Context) {
		var b []byte
		if b, err = makePDF(ctx, p); err != nil {
			return
		}
		var dir string
		if dir, err = printDir(); err != nil {
			return
		}
		var path string
		if path, err = writeFileAtomic(dir, p.file, b); err != nil {
			return
		}
		err = printer(path)
		if !printOpensViewer || u.opts.Printer != nil {
			// The print program has taken its copy: no need to leave the cell's minutes
			// lying in the temporary folder of a shared machine.
			os.Remove(path)
		}
	}, func() {
		if done != nil {
			done()
		}
		if err == nil {
			key := "ui.print.sent"
			if printOpensViewer && u.opts.Printer == nil {
				key = "ui.print.opened"
			}
			u.inform(i18n.L("ui.print.title"), i18n.L(key, map[string]any{"What": p.what}))
			return
		}
		u.printFailed(p, err)
	})
}

// printFailed says why the paper was not printed and offers to save it as a file.
func (u *UI) printFailed(p paper, err error) {
	var pe *printError
	var msg string
	switch {
	case errors.Is(err, errNoPrintProgram):
		msg = i18n.L("ui.print.no_program", map[string]any{"What": p.what})
	case errors.As(err, &pe):
		log.Printf("chibo: print %s: %v", p.file, err)
		msg = i18n.L("ui.print.refused", map[string]any{"What": p.what})
	case errors.Is(err, errMakePDF):
		msg = i18n.L("ui.print.make_failed", map[string]any{"What": p.what})
	default:
		msg = fileErrorText(err)
	}
	var m *modal
	closeBtn := u.newButton(i18n.L("ui.close"), widget.MediumImportance, func() { m.d.Hide() })
	save := u.newButton(i18n.L("ui.print.save_instead"), widget.HighImportance, func() {
		m.d.Hide()
		u.savePaper(p)
	})
	m = u.showModal(i18n.L("ui.print.failed_title"), wrapped(msg), []fyne.CanvasObject{closeBtn, save}, nil, nil, 600)
	u.win.Canvas().Focus(save)
}

// savePaper asks for a folder (a USB stick, usually) and saves the paper there under its file
// name. The file is written whole under a temporary name and renamed, so a full stick or one
// pulled out half-way leaves no half file.
func (u *UI) savePaper(p paper) {
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil {
			log.Printf("chibo: folder dialog: %v", err)
			u.inform(i18n.L("ui.save_pdf.title"), i18n.L("ui.save_pdf.no_folder"))
			return
		}
		if dir == nil {
			return
		}
		u.savePaperTo(p, dir.Path(), nil)
	}, u.win)
	d.SetTitleText(i18n.L("ui.save_pdf.choose", map[string]any{"What": p.what}))
	d.SetConfirmText(i18n.L("ui.save_pdf.here"))
	d.SetDismissText(i18n.L("ui.cancel"))
	start := u.app.Preferences().String(prefSaveFolder)
	if start == "" {
		start = removableRoot()
	}
	if start != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(start)); err == nil {
			d.SetLocation(l)
		}
	}
	d.Resize(fyne.NewSize(980, 600))
	d.Show()
}

// savePaperTo writes the paper into dir in the background and says where it went; after, when
// not nil, runs then with the path written ("" on failure).
func (u *UI) savePaperTo(p paper, dir string, after func(path string)) {
	var path string
	var err error
	u.background(func(ctx context.Context) {
		var b []byte
		if b, err = makePDF(ctx, p); err != nil {
			return
		}
		path, err = writeFileAtomic(dir, p.file, b)
	}, func() {
		if err != nil {
			msg := fileErrorText(err)
			if errors.Is(err, errMakePDF) {
				msg = i18n.L("ui.print.make_failed", map[string]any{"What": p.what})
			}
			u.inform(i18n.L("ui.save_pdf.failed_title"), msg)
		} else {
			u.app.Preferences().SetString(prefSaveFolder, dir)
			u.inform(i18n.L("ui.save_pdf.title"), i18n.L("ui.save_pdf.done",
				map[string]any{"What": p.what, "File": filepath.Base(path), "Folder": dir}))
		}
		if after != nil {
			after(path)
		}
	})
}

// writeFileAtomic writes b to dir/name: first to a hidden temporary file in the same folder,
// synced to the disk, then renamed over the name. On any failure the temporary file is removed,
// so the folder holds either the whole new file or what it held before.
func writeFileAtomic(dir, name string, b []byte) (string, error) {
	final := filepath.Join(dir, name)
	f, err := os.CreateTemp(dir, "."+strings.TrimSuffix(name, ".pdf")+"-*.tmp")
	if err != nil {
		return "", err
	}
	tmp := f.Name()
	done := false
	defer func() {
		if !done {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err := f.Write(b); err != nil {
		return "", err
	}
	if err := f.Sync(); err != nil {
		return "", err
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, final); err != nil {
		return "", err
	}
	done = true
	// The rename itself must reach the stick before it is pulled out.
	syncDir(dir)
	return final, nil
}

// fileErrorText is one sentence for a file that could not be written: a full disk, a stick
// that was pulled out, a folder that refuses writing, or anything else (logged).
func fileErrorText(err error) string {
	switch {
	case isDiskFull(err):
		return i18n.L("ui.save_pdf.full")
	case errors.Is(err, fs.ErrPermission) || isReadOnly(err):
		return i18n.L("ui.save_pdf.read_only")
	case errors.Is(err, fs.ErrNotExist) || isDeviceGone(err):
		return i18n.L("ui.save_pdf.gone")
	}
	log.Printf("chibo: write pdf: %v", err)
	return i18n.L("ui.save_pdf.other")
}

// fileDate is a date as file names carry it: 2026-03-05.
func fileDate(t time.Time) string { return t.Format("2006-01-02") }
