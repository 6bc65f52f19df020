package cellsync

import (
	"bufio"
	"os"
	"os/user"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
)

// Stick is a likely USB stick to export onto.
type Stick struct {
	Path  string // its mount point or drive ("E:\")
	Label string // what to show: the folder or drive name
}

// Where to look; tests point these at a fake tree.
var (
	mountsFile = "/proc/mounts"
	rootPrefix = "" // prepended to the fixed folders below
	driveRoots = func() []string {
		var out []string
		for l := 'D'; l <= 'Z'; l++ {
			out = append(out, string(l)+`:\`)
		}
		return out
	}
)

// removableFS are the file systems sticks and memory cards come formatted with.
var removableFS = map[string]bool{"vfat": true, "msdos": true, "exfat": true, "ntfs": true, "ntfs3": true, "fuseblk": true}

// DetectSticks lists the folders that are likely USB sticks, from the file system alone:
// on Linux the folders under /media/$USER, /run/media/$USER and /media, and mounts of the
// file systems sticks come formatted with (from /proc/mounts); on Windows the drive letters
// D: to Z: that exist; on macOS the volumes under /Volumes. It never touches the network and
// may list a folder that is not a stick; the secretary chooses.
func DetectSticks() []Stick {
	seen := map[string]bool{}
	var out []Stick
	add := func(path, label string) {
		if path == "" || seen[path] {
			return
		}
		if st, err := os.Stat(path); err != nil || !st.IsDir() {
			return
		}
		seen[path] = true
		if label == "" {
			label = filepath.Base(path)
		}
		out = append(out, Stick{Path: path, Label: label})
	}
	switch runtime.GOOS {
	case "windows":
		for _, d := range driveRoots() {
			add(d, strings.TrimSuffix(d, `\`))
		}
	case "darwin":
		entries, _ := os.ReadDir(rootPrefix + "/Volumes")
		for _, e := range entries {
			p := filepath.Join(rootPrefix+"/Volumes", e.Name())
			if t, err := os.Readlink(p); err == nil && t == "/" {
				continue // the start-up disk
			}
			add(p, e.Name())
		}
	default:
		name := currentUser()
		var bases []string
		if name != "" {
			bases = append(bases, rootPrefix+"/media/"+name, rootPrefix+"/run/media/"+name)
		}
		bases = append(bases, rootPrefix+"/media")
		for _, base := range bases {
			entries, _ := os.ReadDir(base)
			for _, e := range entries {
				p := filepath.Join(base, e.Name())
				if base == rootPrefix+"/media" && e.Name() == name {
					continue // the user's folder of sticks, listed above
				}
				add(p, e.Name())
			}
		}
		for _, m := range readMounts() {
			if removableFS[m.fstype] && m.dir != "/" && !strings.HasPrefix(m.dir, "/boot") {
				add(rootPrefix+m.dir, "")
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

func currentUser() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return ""
}

type mount struct{ dir, fstype string }

// readMounts reads the mount table (Linux); nothing elsewhere.
func readMounts() []mount {
	f, err := os.Open(mountsFile)
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []mount
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 3 {
			continue
		}
		out = append(out, mount{dir: unescapeMount(fields[1]), fstype: fields[2]})
	}
	return out
}

// unescapeMount undoes the octal escapes of /proc/mounts ("\040" for a space).
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) {
			if v, ok := octal(s[i+1 : i+4]); ok {
				b.WriteByte(v)
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func octal(s string) (byte, bool) {
	if len(s) != 3 {
		return 0, false
	}
	v := 0
	for _, c := range s {
		if c < '0' || c > '7' {
			return 0, false
		}
		v = v*8 + int(c-'0')
	}
	return byte(v), v < 256
}

// onRemovable reports whether path lies on a removable drive: under a folder DetectSticks
// lists, or (Linux) on a mount of a stick's file system.
func onRemovable(path string) bool {
	under := func(dir string) bool {
		dir = filepath.Clean(dir)
		return path == dir || strings.HasPrefix(path, dir+string(filepath.Separator))
	}
	for _, s := range DetectSticks() {
		if under(s.Path) {
			return true
		}
	}
	if runtime.GOOS == "linux" {
		best, fstype := "", ""
		for _, m := range readMounts() {
			if under(rootPrefix+m.dir) && len(m.dir) >= len(best) {
				best, fstype = m.dir, m.fstype
			}
		}
		return removableFS[fstype]
	}
	return false
}
