package cellsync

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"aead.dev/minisign"

	"chibo/documents"
	"chibo/store"
	"chibo/sync/bundle"
	"chibo/sync/payload"
)

// Options adjust an export.
type Options struct {
	// Full carries every record, not only those changed since the office's last receipt
	// (for an office that lost its copy).
	Full bool
	// Progress, when set, is called from the exporting goroutine as the work advances: done
	// of total steps (one per printed PDF, then packing, writing and checking).
	Progress func(done, total int)
}

// Result describes a bundle written.
type Result struct {
	// Path is the bundle's final path.
	Path string
	// Seq is its number; the manifest names the previous bundle's hash.
	Seq uint64
	// What it carries.
	Members, Events, Meetings, Documents int
	// Chain is the number of chain entries carried.
	Chain int
	// KeyChange is set when the bundle announces the next signing key.
	KeyChange bool
	// Encrypted says the payload is encrypted to the office (OfficeName) with age.
	Encrypted  bool
	OfficeName string
	// Bytes is the bundle's size.
	Bytes int64
	// ManifestHash is the hex SHA-256 of the manifest, as the office's receipt will name it.
	ManifestHash string
	// Warning, when not nil, is a notice to show beside the success (the cell's own data
	// folder is on a removable or synced drive); i18n.Error gives its sentence.
	Warning error
}

// A file being written. Tests replace createFile to make a stick that fills up or is
// pulled out midway, and readFile to make one that returns other bytes.
type writeFile interface {
	Write(p []byte) (int, error)
	Sync() error
	Close() error
}

var (
	createFile = func(name string) (writeFile, error) {
		return os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	}
	readFile = os.ReadFile
)

// writeChunk is how much is written at a time, so a failing stick is noticed early.
const writeChunk = 256 << 10

// Export writes the cell's next signed bundle into dir (a USB stick, usually) and records it.
//
// It refuses a cell whose approved records do not match their chain (ErrTampered). It
// gathers the records changed since the office's last receipt (every record with
// opt.Full), prints the minutes and resolution of every approved meeting carried, packs and
// signs the bundle (encrypted to the pinned office when its key is known), writes it under a
// temporary name in dir, flushes it, reads it back and verifies it with the cell's own public
// key, and only then renames it to bundle.FileName and flushes the folder. (The read-back
// goes through the system's file cache: it catches a write that failed or was cut short, not
// a stick that later loses what it acknowledged.) Only after that is
// the export recorded in the cell's database, in one transaction. On any failure the
// temporary file is removed, no file with the final name is left, and the database is
// unchanged; the *Error says what went wrong and what to do. Export never overwrites a file
// (ErrExists; ErrBehind when that file is this cell's own bundle with that number, see
// existsRefusal), and never locks or deletes anything in the database while it works.
//
// Cancelling ctx (the window's Stop button) stops the export between steps (before and after
// printing the papers, between the chunks written, before the rename) with an error for
// which errors.Is(err, context.Canceled) holds, leaving no file and no change in the
// database. Once the bundle has its final name it is finished and recorded whatever ctx says.
func Export(ctx context.Context, c *store.Cell, dir string, opt Options) (Result, error) {
	var res Result
	if err := c.VerifyChain(ctx); err != nil {
		var te *store.TamperedError
		if errors.As(err, &te) {
			return res, refuse(ErrTampered, "sync.err.tampered", map[string]any{"Seq": te.Seq}, err)
		}
		return res, wrapf(err, "verify chain")
	}
	cont, err := collect(ctx, c, opt.Full)
	if err != nil {
		return res, err
	}
	priv, err := c.SigningKey(ctx)
	if err != nil {
		return res, wrapf(err, "signing key")
	}
	pub, err := c.PublicKey(ctx)
	if err != nil {
		return res, wrapf(err, "public key")
	}
	office, err := c.Office(ctx)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return res, wrapf(err, "office")
	}

	code := c.Profile().Code
	seq := cont.state.LastSeq + 1
	name := bundle.FileName(code, seq)
	final := filepath.Join(dir, name)
	if err := checkDir(dir); err != nil {
		return res, err
	}
	if exists(final) {
		return res, existsRefusal(ctx, c, dir, name, seq)
	}
	if err := ctx.Err(); err != nil {
		return res, stopped(err)
	}

	steps := len(cont.meetings) + 3 // one step per paper, then pack, write, check
	for _, m := range cont.meetings {
		if len(m.Body.Resolutions) > 0 {
			steps++
		}
	}
	done := 0
	step := func(n int) {
		done += n
		if opt.Progress != nil {
			opt.Progress(done, steps)
		}
	}
	step(0)
	files, docs, err := printAll(ctx, c.Profile(), cont.meetings, step)
	if err != nil {
		return res, err
	}
	if err := ctx.Err(); err != nil {
		return res, stopped(err)
	}
	cont.records.Documents = docs
	rj, err := cont.records.Encode()
	if err != nil {
		return res, wrapf(err, "encode records")
	}
	if _, err := payload.Decode(rj); err != nil { // what the office will check first
		return res, wrapf(err, "records do not pass their own check")
	}
	files[payload.RecordsPath] = rj

	m := bundle.Manifest{
		SchemaVersion: store.SchemaVersion(),
		Cell:          code,
		Seq:           seq,
		PrevHash:      cont.state.LastManifestHash,
		Created:       time.Now().UTC().Truncate(time.Second),
		Recipient:     office.Recipient,
	}
	var buf bytes.Buffer
	if err := bundle.Write(&buf, m, files, priv); err != nil {
		return res, wrapf(err, "write bundle")
	}
	step(1)
	data := buf.Bytes()

	// Check what was packed before it goes near the stick, and learn its manifest hash.
	b, err := bundle.Read(bytes.NewReader(data), int64(len(data)), bundle.Limits{})
	if err == nil {
		err = b.Verify(pub)
	}
	if err != nil {
		return res, wrapf(err, "the bundle just made does not verify")
	}
	manifestHash := b.ManifestHash
	if err := ctx.Err(); err != nil {
		return res, stopped(err)
	}

	tmp := filepath.Join(dir, "."+name+".tmp")
	if err := writeTemp(ctx, tmp, data, dir); err != nil {
		os.Remove(tmp)
		return res, err
	}
	step(1)
	if err := readBack(tmp, data, pub, manifestHash, dir); err != nil {
		os.Remove(tmp)
		return res, err
	}
	step(1)
	if exists(final) {
		os.Remove(tmp)
		return res, existsRefusal(ctx, c, dir, name, seq)
	}
	// The last moment Stop is honoured: from the rename on, the bundle is finished and is
	// recorded even if Stop comes now (undoing it would gain nothing).
	if err := ctx.Err(); err != nil {
		os.Remove(tmp)
		return res, stopped(err)
	}
	ctx = context.WithoutCancel(ctx)
	if err := os.Rename(tmp, final); err != nil {
		os.Remove(tmp)
		return res, ioRefusal(err, dir)
	}
	if err := syncDir(dir); err != nil {
		os.Remove(final)
		return res, ioRefusal(err, dir)
	}

	rec := cont.records
	err = c.RecordExport(ctx, store.SyncExport{
		Epoch: cont.state.Epoch, Seq: seq, ManifestHash: manifestHash, FileName: name, Created: m.Created,
		HeadSeq: rec.Head.Seq, HeadHash: rec.Head.Hash,
		Members: len(rec.Members), Events: len(rec.Events), Meetings: len(rec.Meetings), Documents: len(rec.Documents),
		Full: rec.Full, KeyChange: cont.keyChange, Recipient: office.Recipient, Sent: cont.sent,
	})
	if err != nil {
		// A bundle the cell does not remember must not stay: the next export would reuse
		// its number with other content, which the office refuses as a fork.
		os.Remove(final)
		syncDir(dir)
		return res, wrapf(err, "record export")
	}
	res = Result{
		Path: final, Seq: seq, Members: len(rec.Members), Events: len(rec.Events), Meetings: len(rec.Meetings),
		Documents: len(rec.Documents), Chain: len(rec.Chain), KeyChange: rec.KeyChange != nil,
		Encrypted: office.Recipient != "", OfficeName: office.Name, Bytes: int64(len(data)),
		ManifestHash: manifestHash, Warning: dataFolderWarning(c.Path()),
	}
	return res, nil
}

// stopped is the error of an export stopped through its context (the Stop button): it
// wraps ctx.Err(), so errors.Is(err, context.Canceled) holds.
func stopped(err error) error { return wrapf(err, "export stopped") }

// existsRefusal explains why the bundle's final name is taken in dir. Usually someone else's
// file, or this cell's bundle of an earlier numbering (before a key reset): ErrExists. But
// when the file is a bundle this cell signed, of its current keys, with the number it is
// about to write, the cell's data has forgotten bundles it wrote: it was restored from an
// older backup. Then ErrBehind says so, and names the newest receipt of this cell in dir
// with that number or a later one: reading it moves the numbering on (see ReadReceipt).
func existsRefusal(ctx context.Context, c *store.Cell, dir, name string, seq uint64) error {
	plain := refuse(ErrExists, "sync.err.exists", map[string]any{"Dir": dir, "Name": name}, nil)
	if !ownBundle(ctx, c, filepath.Join(dir, name), seq) {
		return plain
	}
	code := c.Profile().Code
	args := map[string]any{"Dir": dir, "Name": name, "Seq": seq}
	if r := newestReceipt(dir, code, seq); r != "" {
		args["Receipt"], args["ReceiptPath"] = filepath.Base(r), r
		return refuse(ErrBehind, "sync.err.behind_receipt", args, nil)
	}
	return refuse(ErrBehind, "sync.err.behind", args, nil)
}

// ownBundle reports whether path is a bundle numbered seq or later that this cell signed with
// its current key or its announced next key (bundles written after a backup are signed by
// one of those; a retired key's bundles belong to an earlier numbering).
func ownBundle(ctx context.Context, c *store.Cell, path string, seq uint64) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return false
	}
	b, err := bundle.Read(f, st.Size(), bundle.Limits{})
	if err != nil || b.Manifest.Cell != c.Profile().Code || b.Manifest.Seq < seq {
		return false
	}
	keys, err := c.SigningKeys(ctx)
	if err != nil {
		return false
	}
	for _, k := range keys {
		if k.State == store.KeyRetired {
			continue
		}
		if pub, err := k.Public(); err == nil && b.Verify(pub) == nil {
			return true
		}
	}
	return false
}

// newestReceipt returns the path of the cell's receipt in dir with the highest number not
// below seq, or "". It only looks at names: ReadReceipt checks the receipt itself.
func newestReceipt(dir, code string, seq uint64) string {
	names, _ := filepath.Glob(filepath.Join(dir, code+"-*."+payload.ReceiptExtension))
	best, bestSeq := "", uint64(0)
	for _, p := range names {
		stem := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(p), code+"-"), "."+payload.ReceiptExtension)
		n, err := strconv.ParseUint(stem, 10, 64)
		if err != nil || n < seq || filepath.Base(p) != payload.ReceiptName(code, n) {
			continue
		}
		if best == "" || n > bestSeq {
			best, bestSeq = p, n
		}
	}
	return best
}

// BehindReceipt returns the receipt an ErrBehind refusal found beside the bundle (its full
// path), for the window to offer and the command line to name; "" when there is none.
func BehindReceipt(err error) string {
	var e *Error
	if errors.As(err, &e) && errors.Is(e.Reason, ErrBehind) {
		p, _ := e.Args["ReceiptPath"].(string)
		return p
	}
	return ""
}

// checkDir refuses a folder that is missing or not a folder.
func checkDir(dir string) error {
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return refuse(ErrDirMissing, "sync.err.dir_missing", map[string]any{"Dir": dir}, err)
	case err != nil:
		return ioRefusal(err, dir)
	case !st.IsDir():
		return refuse(ErrDirMissing, "sync.err.dir_missing", map[string]any{"Dir": dir}, nil)
	}
	return nil
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// writeTemp writes data to tmp in chunks and flushes it to the device. It stops between
// chunks when ctx is cancelled; the caller removes tmp.
func writeTemp(ctx context.Context, tmp string, data []byte, dir string) error {
	os.Remove(tmp) // a leftover of an earlier attempt; it never had the final name
	f, err := createFile(tmp)
	if err != nil {
		return ioRefusal(err, dir)
	}
	for off := 0; off < len(data); off += writeChunk {
		if err := ctx.Err(); err != nil {
			f.Close()
			return stopped(err)
		}
		end := min(off+writeChunk, len(data))
		if _, err := f.Write(data[off:end]); err != nil {
			f.Close()
			return ioRefusal(err, dir)
		}
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return ioRefusal(err, dir)
	}
	if err := f.Close(); err != nil {
		return ioRefusal(err, dir)
	}
	return nil
}

// readBack reads the temporary file from the device and checks it is exactly what was
// written, and that it verifies.
func readBack(tmp string, want []byte, pub minisign.PublicKey, manifestHash, dir string) error {
	got, err := readFile(tmp)
	if err != nil {
		return ioRefusal(err, dir)
	}
	mismatch := func(cause error) error {
		return refuse(ErrReadBack, "sync.err.readback", map[string]any{"Dir": dir}, cause)
	}
	if !bytes.Equal(got, want) {
		return mismatch(fmt.Errorf("%d bytes read back, %d written, contents differ", len(got), len(want)))
	}
	b, err := bundle.Read(bytes.NewReader(got), int64(len(got)), bundle.Limits{})
	if err != nil {
		return mismatch(err)
	}
	if err := b.Verify(pub); err != nil {
		return mismatch(err)
	}
	if b.ManifestHash != manifestHash {
		return mismatch(fmt.Errorf("manifest hash %s, written %s", b.ManifestHash, manifestHash))
	}
	return nil
}

// ioRefusal turns an error of the file system into the sentence for it.
func ioRefusal(err error, dir string) error {
	args := map[string]any{"Dir": dir}
	switch {
	case isNoSpace(err):
		return refuse(ErrDiskFull, "sync.err.disk_full", args, err)
	case errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS):
		return refuse(ErrNotWritable, "sync.err.not_writable", args, err)
	case errors.Is(err, fs.ErrNotExist) && !exists(dir):
		return refuse(ErrWriteFailed, "sync.err.removed", args, err)
	}
	return refuse(ErrWriteFailed, "sync.err.write_failed", args, err)
}

func isNoSpace(err error) bool {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		return true
	}
	// Windows: ERROR_DISK_FULL (112) and ERROR_HANDLE_DISK_FULL (39).
	var en syscall.Errno
	if runtime.GOOS == "windows" && errors.As(err, &en) && (en == 112 || en == 39) {
		return true
	}
	return false
}

// syncDir flushes a folder's entries, so the rename survives the stick being pulled out.
// Windows has no such call; there a flushed file and a rename are all one can do.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, syscall.ENOTSUP) {
		return err
	}
	return nil
}

// dataFolderWarning returns a notice when the cell's own database lives on a removable or
// synced drive: the live database must not travel, or be copied half-written by a sync tool.
func dataFolderWarning(dbPath string) error {
	abs, err := filepath.Abs(dbPath)
	if err != nil {
		return nil
	}
	if isSynced(abs) {
		return refuse(errNotice, "sync.warn.synced", map[string]any{"Path": filepath.Dir(abs)}, nil)
	}
	if onRemovable(abs) {
		return refuse(errNotice, "sync.warn.removable", map[string]any{"Path": filepath.Dir(abs)}, nil)
	}
	return nil
}

// errNotice is the reason of a warning that is not a refusal.
var errNotice = errors.New("notice")

// isSynced reports whether path lies in a folder a cloud tool keeps in sync.
func isSynced(path string) bool {
	for _, part := range strings.Split(filepath.ToSlash(path), "/") {
		switch strings.ToLower(part) {
		case "dropbox", "onedrive", "google drive", "googledrive", "icloud drive", "mobile documents", "nextcloud", "owncloud":
			return true
		}
		if strings.HasPrefix(strings.ToLower(part), "onedrive - ") {
			return true
		}
	}
	return false
}

// printed is one paper of a meeting.
type printed struct {
	doc  payload.Document
	data []byte
	err  error
}

// printAll prints the minutes of every meeting, and its resolution when it adopted any,
// exactly as `chibo minutes print` does, on a few goroutines (each paper takes tens of
// milliseconds). step is called once per paper, from this goroutine.
func printAll(ctx context.Context, p store.Profile, meetings []store.Meeting, step func(int)) (map[string][]byte, []payload.Document, error) {
	type job struct {
		m    store.Meeting
		kind string
		doc  payload.Document
	}
	var jobs []job
	used := map[string]bool{}
	for _, m := range meetings {
		kinds := []string{"minutes"}
		if len(m.Body.Resolutions) > 0 {
			kinds = append(kinds, "resolution")
		}
		for _, k := range kinds {
			d := documentFor(m, k, used)
			jobs = append(jobs, job{m, k, d})
		}
	}
	results := make([]printed, len(jobs))
	next := make(chan int)
	doneCh := make(chan int)
	var wg sync.WaitGroup
	workers := min(max(runtime.GOMAXPROCS(0), 1), 4)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				var buf bytes.Buffer
				var err error
				if jobs[i].kind == "minutes" {
					err = documents.Minutes(&buf, p, jobs[i].m, documents.Options{})
				} else {
					err = documents.Resolution(&buf, p, jobs[i].m, documents.Options{})
				}
				results[i] = printed{doc: jobs[i].doc, data: buf.Bytes(), err: err}
				doneCh <- i
			}
		}()
	}
	go func() {
		defer close(next)
		for i := range jobs {
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(doneCh) }()
	for range doneCh {
		step(1)
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, stopped(err)
	}
	files := make(map[string][]byte, len(jobs))
	docs := make([]payload.Document, 0, len(jobs))
	for _, r := range results {
		if r.err != nil {
			return nil, nil, wrapf(r.err, "print %s", r.doc.Path)
		}
		files[r.doc.Path] = r.data
		docs = append(docs, r.doc)
	}
	return files, docs, nil
}

// documentFor names a meeting's paper in the bundle: pdf/2026-11-BB-11.pdf for the minutes
// numbered 11 of a November 2026 meeting, NQ for its resolution; a correction (which keeps
// the numbers) or any other clash adds the end of the meeting's id. Titles are Vietnamese,
// as printed on the paper (the papers are official and Vietnamese only).
func documentFor(m store.Meeting, kind string, used map[string]bool) payload.Document {
	month := m.Date.ISO()
	if len(month) >= 7 {
		month = month[:7]
	}
	code, num, title := "BB", m.Number, "Biên bản sinh hoạt chi bộ"
	if kind == "resolution" {
		code, num, title = "NQ", m.ResolutionNumber, "Nghị quyết chi bộ"
	}
	if t := m.Date.Time(); !t.IsZero() {
		title += fmt.Sprintf(" tháng %d/%d", int(t.Month()), t.Year())
	}
	if m.CorrectsID != "" {
		title += " (đính chính)"
	}
	stem := fmt.Sprintf("%s-%s-%02d", month, code, num)
	path := payload.PDFDir + stem + ".pdf"
	if used[path] || m.CorrectsID != "" {
		path = payload.PDFDir + stem + "-" + shortID(m.ID) + ".pdf"
	}
	used[path] = true
	return payload.Document{Path: path, MeetingID: m.ID, Kind: kind, Title: title}
}

// shortID is the last 8 characters of an id: the random part of the store's ids.
func shortID(id string) string {
	if len(id) <= 8 {
		return id
	}
	return id[len(id)-8:]
}
