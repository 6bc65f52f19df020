package bundle

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"

	"aead.dev/minisign"
)

// Limits bounds what Read accepts, against zip bombs and oversized sticks.
// A zero field means the default in DefaultLimits.
type Limits struct {
	MaxBundleSize int64 // bytes of the bundle file itself
	MaxEntries    int   // zip entries, manifest and signature included
	MaxFileSize   int64 // uncompressed bytes of one entry
	MaxTotalSize  int64 // uncompressed bytes of all entries together
	// MaxRatio is the largest uncompressed/compressed ratio allowed for an
	// entry larger than ratioFloor bytes.
	MaxRatio int64
}

// DefaultLimits are generous for a cell's records and PDFs yet keep memory
// use of Read bounded.
var DefaultLimits = Limits{
	MaxBundleSize: 256 << 20,
	MaxEntries:    20000,
	MaxFileSize:   64 << 20,
	MaxTotalSize:  512 << 20,
	MaxRatio:      100,
}

// ratioFloor: small entries may compress very well (repetitive JSON) without
// any danger, so the ratio limit applies only above this size.
const ratioFloor = 1 << 20

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.MaxBundleSize > 0 {
		d.MaxBundleSize = l.MaxBundleSize
	}
	if l.MaxEntries > 0 {
		d.MaxEntries = l.MaxEntries
	}
	if l.MaxFileSize > 0 {
		d.MaxFileSize = l.MaxFileSize
	}
	if l.MaxTotalSize > 0 {
		d.MaxTotalSize = l.MaxTotalSize
	}
	if l.MaxRatio > 0 {
		d.MaxRatio = l.MaxRatio
	}
	return d
}

// Bundle is a bundle that has been read. Until Verify returns nil its
// Manifest is untrusted: use it only to choose which key to verify with.
type Bundle struct {
	// Manifest is the parsed manifest; untrusted before Verify succeeds.
	Manifest Manifest
	// ManifestBytes are the exact manifest bytes the signature covers.
	ManifestBytes []byte
	// ManifestHash is the hex SHA-256 of ManifestBytes: the value the next
	// bundle names as PrevHash.
	ManifestHash string
	// Signature is the minisign signature file, or nil if absent.
	Signature []byte

	entries  map[string][]byte
	verified bool
}

// Read parses a bundle of size bytes from r and checks, in this order: the zip
// structure (ErrCorrupt), entry names (ErrBadPath), sizes and compression
// ratios (ErrTooLarge), entry CRCs (ErrCorrupt), and that the manifest is
// present, canonical and valid (ErrManifest, ErrVersion). It writes nothing
// anywhere and holds the decompressed entries in memory, bounded by limits.
// Call Verify before trusting anything in the result.
func Read(r io.ReaderAt, size int64, limits Limits) (*Bundle, error) {
	lim := limits.withDefaults()
	if size < 0 {
		return nil, newErr(ErrCorrupt, "", "negative size")
	}
	if size > lim.MaxBundleSize {
		return nil, newErr(ErrTooLarge, "", "bundle is %d bytes, limit %d", size, lim.MaxBundleSize)
	}
	data := make([]byte, size)
	if n, err := r.ReadAt(data, 0); int64(n) != size {
		return nil, newErr(ErrCorrupt, "", "read: %v", err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, newErr(ErrCorrupt, "", "%v", err)
	}
	layoutErr := checkLayout(data, zr)

	seen := make(map[string]bool, len(zr.File))
	for _, f := range zr.File {
		if why := checkPath(f.Name); why != "" {
			return nil, newErr(ErrBadPath, f.Name, "%s", why)
		}
		if seen[f.Name] {
			return nil, newErr(ErrBadPath, f.Name, "name appears twice")
		}
		seen[f.Name] = true
	}

	if len(zr.File) > lim.MaxEntries {
		return nil, newErr(ErrTooLarge, "", "%d entries, limit %d", len(zr.File), lim.MaxEntries)
	}
	var total uint64
	for _, f := range zr.File {
		u, c := f.UncompressedSize64, f.CompressedSize64
		if u > uint64(lim.MaxFileSize) {
			return nil, newErr(ErrTooLarge, f.Name, "%d bytes uncompressed, limit %d", u, lim.MaxFileSize)
		}
		if u > ratioFloor && u/max(c, 1) > uint64(lim.MaxRatio) {
			return nil, newErr(ErrTooLarge, f.Name, "compression ratio %d, limit %d", u/max(c, 1), lim.MaxRatio)
		}
		total += u
		if total > uint64(lim.MaxTotalSize) {
			return nil, newErr(ErrTooLarge, "", "more than %d bytes uncompressed", lim.MaxTotalSize)
		}
	}

	if layoutErr != nil {
		return nil, diagnose(zr, layoutErr)
	}

	b := &Bundle{entries: make(map[string][]byte, len(zr.File))}
	for _, f := range zr.File {
		content, err := readEntry(f)
		if err != nil {
			return nil, err
		}
		b.entries[f.Name] = content
	}

	mb, ok := b.entries[ManifestName]
	if !ok {
		return nil, newErr(ErrManifest, ManifestName, "no manifest in bundle")
	}
	m, err := decodeManifest(mb)
	if err != nil {
		return nil, err
	}
	b.Manifest, b.ManifestBytes, b.ManifestHash = m, mb, hashHex(mb)
	b.Signature = b.entries[SignatureName]
	return b, nil
}

// diagnose looks for a more precise reason than a broken layout (for example a bundle
// unpacked, changed and zipped again with a common tool): when the manifest can be read, a
// file the manifest does not list, or one it lists that is missing, is named as such. The
// bundle is refused either way; only the sentence differs. Sizes were already checked against
// the limits, so reading the manifest is bounded.
func diagnose(zr *zip.Reader, layoutErr error) error {
	var mf *zip.File
	present := make(map[string]bool, len(zr.File))
	for _, f := range zr.File {
		present[f.Name] = true
		if f.Name == ManifestName {
			mf = f
		}
	}
	if mf == nil {
		return layoutErr
	}
	mb, err := readEntry(mf)
	if err != nil {
		return layoutErr
	}
	m, err := decodeManifest(mb)
	if err != nil {
		return layoutErr
	}
	listed := make(map[string]bool, len(m.Files))
	for _, f := range m.Files {
		listed[f.Path] = true
		if !present[f.Path] {
			return newErr(ErrFileMissing, f.Path, "listed in manifest, not in bundle")
		}
	}
	for _, f := range zr.File {
		if f.Name != ManifestName && f.Name != SignatureName && !listed[f.Name] {
			return newErr(ErrFileExtra, f.Name, "not listed in manifest")
		}
	}
	return layoutErr
}

// readEntry decompresses one entry itself rather than through zip's Open, to
// be strict: the deflate stream must end exactly where the compressed data
// ends (no ignored trailing bytes, no missing final block), produce exactly
// the declared size (never more: bounded memory), and match the CRC.
func readEntry(f *zip.File) ([]byte, error) {
	rr, err := f.OpenRaw()
	if err != nil {
		return nil, newErr(ErrCorrupt, f.Name, "%v", err)
	}
	raw, err := io.ReadAll(rr)
	if err != nil || uint64(len(raw)) != f.CompressedSize64 {
		return nil, newErr(ErrCorrupt, f.Name, "compressed data: %v", err)
	}
	br := bytes.NewReader(raw) // an io.ByteReader: flate reads no further than it needs
	fr := flate.NewReader(br)
	defer fr.Close()
	var w bytes.Buffer
	w.Grow(int(f.UncompressedSize64))
	n, err := io.Copy(&w, io.LimitReader(fr, int64(f.UncompressedSize64)+1))
	switch {
	case err != nil:
		return nil, newErr(ErrCorrupt, f.Name, "deflate: %v", err)
	case uint64(n) != f.UncompressedSize64:
		return nil, newErr(ErrCorrupt, f.Name, "size differs from zip header")
	case br.Len() != 0:
		return nil, newErr(ErrCorrupt, f.Name, "%d bytes after the end of the deflate stream", br.Len())
	case crc32.ChecksumIEEE(w.Bytes()) != f.CRC32:
		return nil, newErr(ErrCorrupt, f.Name, "CRC differs")
	}
	return w.Bytes(), nil
}

// Verify checks the signature against the trusted public key (the one the
// office enrolled for Manifest.Cell) and then every payload file, in this
// order: signature present, well formed and prehashed (ErrSignature); made by
// the trusted key (ErrWrongKey); valid, with the trusted comment naming this
// manifest's cell, sequence number and hash (ErrSignature); every listed file
// present (ErrFileMissing) with its size and SHA-256 (ErrFileHash); no file
// unlisted (ErrFileExtra). It writes nothing anywhere.
func (b *Bundle) Verify(trusted minisign.PublicKey) error {
	b.verified = false
	if b.Signature == nil {
		return newErr(ErrSignature, SignatureName, "no signature in bundle")
	}
	var sig minisign.Signature
	if err := sig.UnmarshalText(b.Signature); err != nil {
		return newErr(ErrSignature, SignatureName, "malformed: %v", err)
	}
	if sig.Algorithm != minisign.HashEdDSA {
		return newErr(ErrSignature, SignatureName, "not a prehashed (ED) signature")
	}
	if sig.KeyID != trusted.ID() {
		return newErr(ErrWrongKey, SignatureName, "signed by key %X, trusted key is %X", sig.KeyID, trusted.ID())
	}
	mr := minisign.NewReader(bytes.NewReader(b.ManifestBytes))
	if _, err := io.Copy(io.Discard, mr); err != nil {
		return newErr(ErrSignature, SignatureName, "hash manifest: %v", err)
	}
	if !mr.Verify(trusted, b.Signature) {
		return newErr(ErrSignature, SignatureName, "signature does not verify with the trusted key")
	}
	if want := trustedComment(b.Manifest, b.ManifestHash); sig.TrustedComment != want {
		return newErr(ErrSignature, SignatureName, "trusted comment %q does not match manifest (%q)", sig.TrustedComment, want)
	}

	listed := make(map[string]bool, len(b.Manifest.Files))
	for _, f := range b.Manifest.Files {
		listed[f.Path] = true
		content, ok := b.entries[f.Path]
		if !ok {
			return newErr(ErrFileMissing, f.Path, "listed in manifest, not in bundle")
		}
		if int64(len(content)) != f.Size {
			return newErr(ErrFileHash, f.Path, "size %d, manifest says %d", len(content), f.Size)
		}
		if subtle.ConstantTimeCompare([]byte(hashHex(content)), []byte(f.SHA256)) != 1 {
			return newErr(ErrFileHash, f.Path, "sha256 differs from manifest")
		}
	}
	for name := range b.entries {
		if name != ManifestName && name != SignatureName && !listed[name] {
			return newErr(ErrFileExtra, name, "not listed in manifest")
		}
	}
	b.verified = true
	return nil
}

// File returns the content of a payload file. It returns ErrNotVerified until
// Verify has succeeded and ErrFileMissing for a path not in the manifest.
func (b *Bundle) File(path string) ([]byte, error) {
	if !b.verified {
		return nil, newErr(ErrNotVerified, path, "call Verify first")
	}
	c, ok := b.entries[path]
	if !ok || path == ManifestName || path == SignatureName {
		return nil, newErr(ErrFileMissing, path, "no such payload file")
	}
	return c, nil
}

// Zip record signatures and fixed sizes (APPNOTE.TXT 4.3).
const (
	sigLocal      = 0x04034b50
	sigCentral    = 0x02014b50
	sigEnd        = 0x06054b50
	sigDescriptor = 0x08074b50
	lenLocal      = 30
	lenCentral    = 46
	lenEnd        = 22
	lenDescriptor = 16
)

// checkLayout requires the strict container layout Write produces: local
// entries back to back from offset 0, each with the fixed header, no extra
// field, and a data descriptor; then the central directory matching them
// field by field; then an end record without comment at the very end. Every
// byte of the file is thus accounted for, and a changed byte anywhere outside
// compressed data is refused here (inside it, the CRC catches it).
func checkLayout(data []byte, zr *zip.Reader) error {
	le := binary.LittleEndian
	bad := func(name, what string) error { return newErr(ErrCorrupt, name, "zip layout: %s", what) }
	if len(data) < lenEnd {
		return bad("", "too short")
	}
	end := data[len(data)-lenEnd:]
	n := len(zr.File)
	cdSize, cdOff := int64(le.Uint32(end[12:])), int64(le.Uint32(end[16:]))
	if le.Uint32(end) != sigEnd || le.Uint16(end[4:]) != 0 || le.Uint16(end[6:]) != 0 ||
		int(le.Uint16(end[8:])) != n || int(le.Uint16(end[10:])) != n || le.Uint16(end[20:]) != 0 ||
		cdOff+cdSize != int64(len(data)-lenEnd) {
		return bad("", "end record")
	}
	want := entryHeader("")
	offsets := make([]int64, n)
	pos := int64(0)
	for i, f := range zr.File {
		offsets[i] = pos
		if pos+lenLocal > cdOff {
			return bad(f.Name, "local header past central directory")
		}
		h := data[pos : pos+lenLocal]
		nameLen := int64(le.Uint16(h[26:]))
		if le.Uint32(h) != sigLocal || le.Uint16(h[4:]) != f.ReaderVersion || le.Uint16(h[6:]) != f.Flags ||
			le.Uint16(h[8:]) != f.Method || le.Uint16(h[10:]) != f.ModifiedTime || le.Uint16(h[12:]) != f.ModifiedDate ||
			le.Uint32(h[14:]) != 0 || le.Uint32(h[18:]) != 0 || le.Uint32(h[22:]) != 0 || le.Uint16(h[28:]) != 0 {
			return bad(f.Name, "local header")
		}
		if pos+lenLocal+nameLen > cdOff || string(data[pos+lenLocal:pos+lenLocal+nameLen]) != f.Name {
			return bad(f.Name, "local name")
		}
		start, err := f.DataOffset()
		if err != nil || start != pos+lenLocal+nameLen {
			return bad(f.Name, "data offset")
		}
		if f.CompressedSize64 > uint64(cdOff) || f.UncompressedSize64 >= 1<<32 {
			return bad(f.Name, "sizes")
		}
		dd := start + int64(f.CompressedSize64)
		if dd+lenDescriptor > cdOff {
			return bad(f.Name, "data past central directory")
		}
		d := data[dd : dd+lenDescriptor]
		if le.Uint32(d) != sigDescriptor || le.Uint32(d[4:]) != f.CRC32 ||
			uint64(le.Uint32(d[8:])) != f.CompressedSize64 || uint64(le.Uint32(d[12:])) != f.UncompressedSize64 {
			return bad(f.Name, "data descriptor")
		}
		// Fixed values of this format (see entryHeader).
		if f.Flags&^flagUTF8 != flagDataDescriptor || f.Method != zip.Deflate || f.ModifiedTime != want.ModifiedTime ||
			f.ModifiedDate != want.ModifiedDate || f.ReaderVersion != 20 || f.CreatorVersion != want.CreatorVersion|20 ||
			f.ExternalAttrs != want.ExternalAttrs || len(f.Extra) != 0 || f.Comment != "" {
			return bad(f.Name, "entry header is not the fixed one")
		}
		pos = dd + lenDescriptor
	}
	if pos != cdOff {
		return bad("", "gap before central directory")
	}
	for i, f := range zr.File {
		if pos+lenCentral > int64(len(data)-lenEnd) {
			return bad(f.Name, "central directory truncated")
		}
		h := data[pos : pos+lenCentral]
		nameLen := int64(le.Uint16(h[28:]))
		if le.Uint32(h) != sigCentral || le.Uint16(h[4:]) != f.CreatorVersion || le.Uint16(h[6:]) != f.ReaderVersion ||
			le.Uint16(h[8:]) != f.Flags || le.Uint16(h[10:]) != f.Method ||
			le.Uint16(h[12:]) != f.ModifiedTime || le.Uint16(h[14:]) != f.ModifiedDate ||
			le.Uint32(h[16:]) != f.CRC32 || uint64(le.Uint32(h[20:])) != f.CompressedSize64 ||
			uint64(le.Uint32(h[24:])) != f.UncompressedSize64 || le.Uint16(h[30:]) != 0 || le.Uint16(h[32:]) != 0 ||
			le.Uint16(h[34:]) != 0 || le.Uint16(h[36:]) != 0 || le.Uint32(h[38:]) != f.ExternalAttrs ||
			int64(le.Uint32(h[42:])) != offsets[i] {
			return bad(f.Name, "central directory entry")
		}
		if pos+lenCentral+nameLen > int64(len(data)-lenEnd) || string(data[pos+lenCentral:pos+lenCentral+nameLen]) != f.Name {
			return bad(f.Name, "central directory name")
		}
		pos += lenCentral + nameLen
	}
	if pos != int64(len(data)-lenEnd) {
		return bad("", "central directory size")
	}
	return nil
}
