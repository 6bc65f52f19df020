package bundle

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"aead.dev/minisign"
)

// sentinels lists every reason this package may give.
var sentinels = []error{ErrCorrupt, ErrBadPath, ErrTooLarge, ErrManifest, ErrVersion,
	ErrSignature, ErrWrongKey, ErrFileMissing, ErrFileExtra, ErrFileHash}

// testKey is a fixed key so outputs and fuzz seeds are reproducible.
func testKey(t testing.TB, seed byte) Key {
	t.Helper()
	k, err := keyFromSeed(seed)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// keyFromSeed derives a key deterministically from one byte.
func keyFromSeed(seed byte) (Key, error) {
	pub, priv, err := minisign.GenerateKey(bytes.NewReader(bytes.Repeat([]byte{seed}, 64)))
	return Key{Public: pub, Private: priv}, err
}

var testCreated = time.Date(2026, 11, 28, 7, 0, 0, 0, time.UTC)

func testManifest() Manifest {
	return Manifest{SchemaVersion: 7, Cell: "HN01", Seq: 2, PrevHash: strings.Repeat("ab", 32), Created: testCreated}
}

func testFiles() map[string][]byte {
	return map[string][]byte{
		"records/member-0001.json": []byte(`{"id":"0001","name":"Nguyễn Văn A","version":3}`),
		"records/event-0002.json":  []byte(`{"id":"0002","deleted":true}`),
		"pdf/minutes-2026-11.pdf":  bytes.Repeat([]byte("%PDF-1.4 fake pdf content "), 50),
	}
}

func writeBundle(t testing.TB, m Manifest, files map[string][]byte, k Key) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, m, files, k.Private); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

func good(t testing.TB) []byte { return writeBundle(t, testManifest(), testFiles(), testKey(t, 1)) }

// check reads and verifies data with the trusted key.
func check(data []byte, trusted minisign.PublicKey) (*Bundle, error) {
	b, err := Read(bytes.NewReader(data), int64(len(data)), Limits{})
	if err != nil {
		return nil, err
	}
	return b, b.Verify(trusted)
}

// rezip builds a container with this format's fixed headers from entries in
// the given order, so that only the property under test is wrong.
func rezip(t testing.TB, names []string, contents [][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i, n := range names {
		w, err := zw.CreateHeader(entryHeader(n))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(contents[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// entries returns the names and contents of data in archive order.
func entries(t testing.TB, data []byte) ([]string, [][]byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	var contents [][]byte
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		c, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, f.Name)
		contents = append(contents, c)
	}
	return names, contents
}

// mutate returns a copy of the good bundle with fn applied to its entries.
func mutate(t testing.TB, fn func(names []string, contents [][]byte) ([]string, [][]byte)) []byte {
	names, contents := entries(t, good(t))
	names, contents = fn(names, contents)
	return rezip(t, names, contents)
}

func index(names []string, name string) int {
	for i, n := range names {
		if n == name {
			return i
		}
	}
	panic("no entry " + name)
}

func TestRoundTrip(t *testing.T) {
	k := testKey(t, 1)
	data := good(t)
	b, err := check(data, k.Public)
	if err != nil {
		t.Fatalf("good bundle refused: %v", err)
	}
	for p, want := range testFiles() {
		got, err := b.File(p)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("File(%q) = %q, %v; want %q", p, got, err, want)
		}
	}
	if b.Manifest.Cell != "HN01" || b.Manifest.Seq != 2 || len(b.Manifest.Files) != 3 || b.Manifest.FormatVersion != FormatVersion {
		t.Errorf("manifest = %+v", b.Manifest)
	}
	if got, want := b.ManifestHash, hashHex(b.ManifestBytes); got != want {
		t.Errorf("ManifestHash = %s, want %s", got, want)
	}
	if _, err := b.File(ManifestName); !errors.Is(err, ErrFileMissing) {
		t.Errorf("File(manifest) error = %v, want ErrFileMissing", err)
	}
}

func TestFileBeforeVerify(t *testing.T) {
	data := good(t)
	b, err := Read(bytes.NewReader(data), int64(len(data)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.File("pdf/minutes-2026-11.pdf"); !errors.Is(err, ErrNotVerified) {
		t.Errorf("File before Verify: error = %v, want ErrNotVerified", err)
	}
	if err := b.Verify(testKey(t, 2).Public); err == nil {
		t.Fatal("verified with wrong key")
	}
	if _, err := b.File("pdf/minutes-2026-11.pdf"); !errors.Is(err, ErrNotVerified) {
		t.Errorf("File after failed Verify: error = %v, want ErrNotVerified", err)
	}
}

func TestDeterministic(t *testing.T) {
	a, b := good(t), good(t)
	if !bytes.Equal(a, b) {
		t.Fatal("two writes of the same input differ")
	}
	// A Created time with sub-seconds and another zone gives the same bytes.
	m := testManifest()
	m.Created = testCreated.Add(300 * time.Millisecond).In(time.FixedZone("ICT", 7*3600))
	if c := writeBundle(t, m, testFiles(), testKey(t, 1)); !bytes.Equal(a, c) {
		t.Error("Created is not normalised to UTC seconds")
	}
}

func TestFirstBundleAndEmpty(t *testing.T) {
	m := testManifest()
	m.Seq, m.PrevHash = 1, ""
	k := testKey(t, 1)
	data := writeBundle(t, m, nil, k)
	b, err := check(data, k.Public)
	if err != nil {
		t.Fatalf("empty first bundle refused: %v", err)
	}
	if len(b.Manifest.Files) != 0 {
		t.Errorf("files = %v, want none", b.Manifest.Files)
	}
}

func TestWriteRefuses(t *testing.T) {
	k := testKey(t, 1)
	tests := []struct {
		name  string
		m     func(*Manifest)
		files map[string][]byte
	}{
		{"bad path", nil, map[string][]byte{"../x": nil}},
		{"absolute path", nil, map[string][]byte{"/etc/x": nil}},
		{"reserved name", nil, map[string][]byte{ManifestName: nil}},
		{"seq 0", func(m *Manifest) { m.Seq = 0 }, nil},
		{"cell with space", func(m *Manifest) { m.Cell = "HN 01" }, nil},
		{"first with prev", func(m *Manifest) { m.Seq = 1 }, nil},
		{"no prev", func(m *Manifest) { m.PrevHash = "" }, nil},
		{"no time", func(m *Manifest) { m.Created = time.Time{} }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := testManifest()
			if tt.m != nil {
				tt.m(&m)
			}
			err := Write(io.Discard, m, tt.files, k.Private)
			if !errors.Is(err, ErrManifest) {
				t.Errorf("Write error = %v, want ErrManifest", err)
			}
		})
	}
}

// otherBundle is the good bundle's content signed for another cell/seq.
func otherSigned(t testing.TB, fn func(*Manifest), k Key) []byte {
	m := testManifest()
	fn(&m)
	return writeBundle(t, m, testFiles(), k)
}

// zipBomb returns a bundle-layout zip with one entry of size zero bytes,
// compressed at high ratio; cheap to build since only compressed bytes are kept.
func zipBomb(t testing.TB, size int64) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	w, err := zw.CreateHeader(entryHeader("records/bomb.json"))
	if err != nil {
		t.Fatal(err)
	}
	zero := make([]byte, 1<<20)
	for n := int64(0); n < size; n += int64(len(zero)) {
		if _, err := w.Write(zero); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type mutation struct {
	name string
	data func(t testing.TB) []byte
	want error
	path string // entry the error must name, if any
}

func mutations() []mutation {
	return []mutation{
		{"empty file", func(t testing.TB) []byte { return nil }, ErrCorrupt, ""},
		{"not a zip", func(t testing.TB) []byte { return []byte("hello, this is not a zip file at all") }, ErrCorrupt, ""},
		{"trailing garbage", func(t testing.TB) []byte { return append(good(t), 0) }, ErrCorrupt, ""},
		{"leading garbage", func(t testing.TB) []byte { return append([]byte{0}, good(t)...) }, ErrCorrupt, ""},
		{"add a file", func(t testing.TB) []byte {
			return mutate(t, func(n []string, c [][]byte) ([]string, [][]byte) {
				return append(n, "records/extra.json"), append(c, []byte("{}"))
			})
		}, ErrFileExtra, "records/extra.json"},
		{"remove a file", func(t testing.TB) []byte {
			return mutate(t, func(n []string, c [][]byte) ([]string, [][]byte) {
				i := index(n, "records/event-0002.json")
				return append(n[:i:i], n[i+1:]...), append(c[:i:i], c[i+1:]...)
			})
		}, ErrFileMissing, "records/event-0002.json"},
		{"change a file", func(t testing.TB) []byte {
			return mutate(t, func(n []string, c [][]byte) ([]string, [][]byte) {
				c[index(n, "records/member-0001.json")] = []byte(`{"id":"0001","name":"Nguyễn Văn B","version":3}`)
				return n, c
			})
		}, ErrFileHash, "records/member-0001.json"},
		{"rename a file", func(t testing.TB) []byte {
			return mutate(t, func(n []string, c [][]byte) ([]string, [][]byte) {
				n[index(n, "records/event-0002.json")] = "records/event-0003.json"
				return n, c
			})
		}, ErrFileMissing, "records/event-0002.json"},
		{"no signature", func(t testing.TB) []byte {
			return mutate(t, func(n []string, c [][]byte) ([]string, [][]byte) {
				return n[:1:1], c[:1:1]
			})
		}, ErrSignature, SignatureName},
		{"no manifest", func(t testing.TB) []byte {
			return mutate(t, func(n []string, c [][]byte) ([]string, [][]byte) { return n[1:], c[1:] })
		}, ErrManifest, ManifestName},
		{"manifest not canonical", func(t testing.TB) []byte {
			return mutate(t, func(n []string, c [][]byte) ([]string, [][]byte) {
				c[0] = bytes.Replace(c[0], []byte(`{"format_version":1,`), []byte(`{"format_version": 1,`), 1)
				return n, c
			})
		}, ErrManifest, ManifestName},
		{"manifest unknown field", func(t testing.TB) []byte {
			return mutate(t, func(n []string, c [][]byte) ([]string, [][]byte) {
				c[0] = bytes.Replace(c[0], []byte(`"files"`), []byte(`"x":1,"files"`), 1)
				return n, c
			})
		}, ErrManifest, ManifestName},
		{"future format version", func(t testing.TB) []byte {
			return mutate(t, func(n []string, c [][]byte) ([]string, [][]byte) {
				c[0] = bytes.Replace(c[0], []byte(`{"format_version":1,`), []byte(`{"format_version":2,`), 1)
				return n, c
			})
		}, ErrVersion, ManifestName},
		{"rename cell in manifest", func(t testing.TB) []byte {
			return mutate(t, func(n []string, c [][]byte) ([]string, [][]byte) {
				c[0] = bytes.Replace(c[0], []byte(`"cell":"HN01"`), []byte(`"cell":"HN02"`), 1)
				return n, c
			})
		}, ErrSignature, SignatureName},
		{"change seq in manifest", func(t testing.TB) []byte {
			return mutate(t, func(n []string, c [][]byte) ([]string, [][]byte) {
				c[0] = bytes.Replace(c[0], []byte(`"seq":2`), []byte(`"seq":3`), 1)
				return n, c
			})
		}, ErrSignature, SignatureName},
		{"signature of another seq", func(t testing.TB) []byte {
			other := otherSigned(t, func(m *Manifest) { m.Seq = 3 }, testKey(t, 1))
			_, oc := entries(t, other)
			return mutate(t, func(n []string, c [][]byte) ([]string, [][]byte) {
				c[1] = oc[1]
				return n, c
			})
		}, ErrSignature, SignatureName},
		{"signature not prehashed", func(t testing.TB) []byte {
			return mutate(t, func(n []string, c [][]byte) ([]string, [][]byte) {
				m, _ := decodeManifest(c[0])
				c[1] = minisign.SignWithComments(testKey(t, 1).Private, c[0], trustedComment(m, hashHex(c[0])), "")
				return n, c
			})
		}, ErrSignature, SignatureName},
		{"signature garbage", func(t testing.TB) []byte {
			return mutate(t, func(n []string, c [][]byte) ([]string, [][]byte) {
				c[1] = []byte("untrusted comment: x\nnot base64!\n")
				return n, c
			})
		}, ErrSignature, SignatureName},
		{"signed with another key", func(t testing.TB) []byte {
			return writeBundle(t, testManifest(), testFiles(), testKey(t, 2))
		}, ErrWrongKey, SignatureName},
		{"entry ../x", func(t testing.TB) []byte {
			return mutate(t, func(n []string, c [][]byte) ([]string, [][]byte) {
				return append(n, "../x"), append(c, []byte("x"))
			})
		}, ErrBadPath, "../x"},
		{"entry /etc/x", func(t testing.TB) []byte {
			return mutate(t, func(n []string, c [][]byte) ([]string, [][]byte) {
				return append(n, "/etc/x"), append(c, []byte("x"))
			})
		}, ErrBadPath, "/etc/x"},
		{"entry with backslash", func(t testing.TB) []byte {
			return mutate(t, func(n []string, c [][]byte) ([]string, [][]byte) {
				return append(n, `records\x.json`), append(c, []byte("x"))
			})
		}, ErrBadPath, `records\x.json`},
		{"entry a/../../x", func(t testing.TB) []byte {
			return mutate(t, func(n []string, c [][]byte) ([]string, [][]byte) {
				return append(n, "a/../../x"), append(c, []byte("x"))
			})
		}, ErrBadPath, "a/../../x"},
		{"duplicate name", func(t testing.TB) []byte {
			return mutate(t, func(n []string, c [][]byte) ([]string, [][]byte) {
				i := index(n, "records/member-0001.json")
				return append(n, n[i]), append(c, []byte(`{"evil":true}`))
			})
		}, ErrBadPath, "records/member-0001.json"},
		{"duplicate manifest", func(t testing.TB) []byte {
			return mutate(t, func(n []string, c [][]byte) ([]string, [][]byte) {
				return append(n, ManifestName), append(c, c[0])
			})
		}, ErrBadPath, ManifestName},
		{"zip bomb 200 MB", func(t testing.TB) []byte { return zipBomb(t, 200<<20) }, ErrTooLarge, "records/bomb.json"},
		{"compression ratio", func(t testing.TB) []byte { return zipBomb(t, 8<<20) }, ErrTooLarge, "records/bomb.json"},
		{"stored with another header", func(t testing.TB) []byte {
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			names, contents := entries(t, good(t))
			for i, n := range names {
				w, _ := zw.Create(n) // default header: current time, extended timestamp
				w.Write(contents[i])
			}
			zw.Close()
			return buf.Bytes()
		}, ErrCorrupt, ManifestName},
	}
}

func TestMutations(t *testing.T) {
	k := testKey(t, 1)
	for _, tt := range mutations() {
		t.Run(tt.name, func(t *testing.T) {
			_, err := check(tt.data(t), k.Public)
			if !errors.Is(err, tt.want) {
				t.Fatalf("error = %v, want %v", err, tt.want)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not *Error", err)
			}
			if e.Path != tt.path {
				t.Errorf("error names %q, want %q", e.Path, tt.path)
			}
		})
	}
}

func TestTruncate(t *testing.T) {
	data := good(t)
	k := testKey(t, 1)
	for _, n := range []int{0, 1, 4, 22, 30, 100, len(data) / 3, len(data) / 2, len(data) - 23, len(data) - 22, len(data) - 1} {
		_, err := check(data[:n], k.Public)
		if !errors.Is(err, ErrCorrupt) {
			t.Errorf("truncated to %d of %d: error = %v, want ErrCorrupt", n, len(data), err)
		}
	}
}

// TestFlipEveryByte flips each bit of each byte of a good bundle: zip
// headers, compressed data of every entry, data descriptors, central
// directory and end record. Every variant must be refused with one of this
// package's reasons, except a flip of a bit the deflate decoder ignores
// (padding inside a compressed stream): that one must decode to exactly the
// same manifest and files, so no change of meaning can pass.
func TestFlipEveryByte(t *testing.T) {
	data := good(t)
	k := testKey(t, 1)
	want, err := check(data, k.Public)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[error]int{}
	ignored := 0
	for i := range data {
		for bit := range 8 {
			mut := bytes.Clone(data)
			mut[i] ^= 1 << bit
			got, err := check(mut, k.Public)
			if err == nil {
				ignored++
				if !bytes.Equal(got.ManifestBytes, want.ManifestBytes) || !bytes.Equal(got.Signature, want.Signature) ||
					len(got.entries) != len(want.entries) {
					t.Errorf("flip of bit %d at offset %d accepted with other content", bit, i)
				}
				for name, c := range want.entries {
					if !bytes.Equal(got.entries[name], c) {
						t.Errorf("flip of bit %d at offset %d accepted with other %q", bit, i, name)
					}
				}
				if !inCompressedData(t, data, int64(i)) {
					t.Errorf("flip of bit %d at offset %d outside compressed data accepted", bit, i)
				}
				continue
			}
			found := false
			for _, s := range sentinels {
				if errors.Is(err, s) {
					counts[s]++
					found = true
				}
			}
			if !found {
				t.Errorf("flip at offset %d: error %v wraps no sentinel", i, err)
			}
		}
	}
	t.Logf("%d flips: refused %v; %d decoder-ignored padding bits, same content", 8*len(data), counts, ignored)
}

// inCompressedData reports whether offset lies inside an entry's deflate data.
func inCompressedData(t testing.TB, data []byte, off int64) bool {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		start, err := f.DataOffset()
		if err != nil {
			t.Fatal(err)
		}
		if off >= start && off < start+int64(f.CompressedSize64) {
			return true
		}
	}
	return false
}

func TestLimits(t *testing.T) {
	data := good(t)
	tests := []struct {
		name string
		lim  Limits
	}{
		{"bundle size", Limits{MaxBundleSize: 100}},
		{"entries", Limits{MaxEntries: 2}},
		{"file size", Limits{MaxFileSize: 100}},
		{"total size", Limits{MaxTotalSize: 1000}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(bytes.NewReader(data), int64(len(data)), tt.lim)
			if !errors.Is(err, ErrTooLarge) {
				t.Errorf("error = %v, want ErrTooLarge", err)
			}
		})
	}
}

func TestFileName(t *testing.T) {
	if got, want := FileName("HN01", 42), "HN01-000042.chibo-bundle"; got != want {
		t.Errorf("FileName = %q, want %q", got, want)
	}
}

func TestKeyText(t *testing.T) {
	k, err := GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	pub, err := ParsePublicKey(PublicKeyText(k.Public))
	if err != nil || !pub.Equal(k.Public) {
		t.Fatalf("public key round trip: %v", err)
	}
	priv, err := k.PrivateKeyBytes()
	if err != nil {
		t.Fatal(err)
	}
	k2, err := ParsePrivateKey(priv)
	if err != nil || !k2.Private.Equal(k.Private) || !k2.Public.Equal(k.Public) {
		t.Fatalf("private key round trip: %v", err)
	}
	fp := Fingerprint(k.Public)
	if len(fp) != 24 || strings.Count(fp, "-") != 4 {
		t.Errorf("Fingerprint = %q, want 5 groups of 4 hex digits", fp)
	}
	if fp == Fingerprint(testKey(t, 2).Public) {
		t.Error("two keys share a fingerprint")
	}
}

// TestStockMinisign checks that the Debian minisign binary accepts the
// extracted manifest and signature, and prints our trusted comment.
func TestStockMinisign(t *testing.T) {
	bin, err := exec.LookPath("minisign")
	if err != nil {
		t.Skip("minisign binary not installed")
	}
	k := testKey(t, 1)
	names, contents := entries(t, good(t))
	dir := t.TempDir()
	for i, n := range names[:2] {
		if err := os.WriteFile(filepath.Join(dir, n), contents[i], 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "key.pub"), PublicKeyText(k.Public), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-Vm", filepath.Join(dir, ManifestName), "-p", filepath.Join(dir, "key.pub"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("minisign -V: %v\n%s", err, out)
	}
	m, _ := decodeManifest(contents[0])
	if want := "Trusted comment: " + trustedComment(m, hashHex(contents[0])); !strings.Contains(string(out), want) {
		t.Errorf("minisign output %q lacks %q", out, want)
	}
	// And refuses a changed manifest.
	if err := os.WriteFile(filepath.Join(dir, ManifestName), append(contents[0], ' '), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "-Vm", filepath.Join(dir, ManifestName), "-p", filepath.Join(dir, "key.pub")).CombinedOutput(); err == nil {
		t.Errorf("minisign accepted a changed manifest: %s", out)
	}
}

// FuzzRead feeds arbitrary bytes to Read and Verify: they must never panic,
// and anything accepted must be exactly consistent with its manifest.
//
// The only bundle signed by the trusted key among the seeds is good(f), and Write is
// deterministic, so any other input that verifies is an accepted mutant: a flaw.
func FuzzRead(f *testing.F) {
	original := good(f)
	f.Add(original)
	for _, m := range mutations() {
		if strings.HasPrefix(m.name, "zip bomb") || m.name == "compression ratio" {
			continue // too big to be a useful seed
		}
		f.Add(m.data(f))
	}
	k := testKey(f, 1)
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := check(data, k.Public)
		if err != nil {
			for _, s := range sentinels {
				if errors.Is(err, s) {
					return
				}
			}
			t.Fatalf("error %v wraps no sentinel", err)
		}
		if !bytes.Equal(data, original) {
			t.Fatalf("accepted a mutant of %d bytes (original %d)", len(data), len(original))
		}
		for _, file := range b.Manifest.Files {
			c, err := b.File(file.Path)
			if err != nil || hashHex(c) != file.SHA256 {
				t.Fatalf("accepted bundle inconsistent at %q: %v", file.Path, err)
			}
		}
	})
}

// TestCommonToolRezip: a bundle unpacked and zipped again with an ordinary zip writer breaks
// the strict layout; when files were also added or removed, the reason says so rather than
// only "damaged", and the same files zipped again are still refused.
func TestCommonToolRezip(t *testing.T) {
	names, contents := entries(t, good(t))
	plain := func(names []string, contents [][]byte) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for i, n := range names {
			w, err := zw.Create(n)
			if err != nil {
				t.Fatal(err)
			}
			w.Write(contents[i])
		}
		zw.Close()
		return buf.Bytes()
	}
	k := testKey(t, 1)
	for _, c := range []struct {
		name string
		data []byte
		want error
	}{
		{"same files", plain(names, contents), ErrCorrupt},
		{"file added", plain(append(names, "extra.txt"), append(contents, []byte("x"))), ErrFileExtra},
		{"file removed", plain(names[:len(names)-1], contents[:len(contents)-1]), ErrFileMissing},
		{"dot-dot added", plain(append(names, "../evil"), append(contents, []byte("x"))), ErrBadPath},
	} {
		if _, err := check(c.data, k.Public); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
}
