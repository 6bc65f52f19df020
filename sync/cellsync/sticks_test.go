package cellsync

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDetectSticks looks at a fake tree: the user's sticks under /media/USER and
// /run/media/USER, one under /media, and a vfat mount elsewhere from the mount table; the
// root file system and /boot/efi are not sticks.
func TestDetectSticks(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the fake tree follows Linux's layout")
	}
	root := t.TempDir()
	t.Setenv("USER", "thao")
	for _, d := range []string{"media/thao/KINGSTON", "run/media/thao/SANDISK 16G", "media/USB0", "mnt/the", "boot/efi", "home/thao/data"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	mounts := filepath.Join(root, "mounts")
	os.WriteFile(mounts, []byte(`/dev/sda2 / ext4 rw 0 0
/dev/sda1 /boot/efi vfat rw 0 0
/dev/sdb1 /mnt/the vfat rw,nosuid 0 0
/dev/sdc1 /run/media/thao/SANDISK\04016G exfat rw 0 0
`), 0o644)
	oldRoot, oldMounts := rootPrefix, mountsFile
	rootPrefix, mountsFile = root, mounts
	defer func() { rootPrefix, mountsFile = oldRoot, oldMounts }()

	got := DetectSticks()
	want := []Stick{
		{Path: filepath.Join(root, "media/USB0"), Label: "USB0"},
		{Path: filepath.Join(root, "media/thao/KINGSTON"), Label: "KINGSTON"},
		{Path: filepath.Join(root, "mnt/the"), Label: "the"},
		{Path: filepath.Join(root, "run/media/thao/SANDISK 16G"), Label: "SANDISK 16G"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("DetectSticks (-want +got):\n%s", diff)
	}
	if !onRemovable(filepath.Join(root, "mnt/the/chibo/cells/LV.chibo")) {
		t.Error("a cell on the vfat stick is not seen as removable")
	}
	if onRemovable(filepath.Join(root, "home/thao/data/cells/LV.chibo")) {
		t.Error("a cell in the home folder is seen as removable")
	}
	w := dataFolderWarning(filepath.Join(root, "media/thao/KINGSTON/cells/LV.chibo"))
	if w == nil {
		t.Error("no warning for a data folder on a stick")
	}
	if w := dataFolderWarning("/home/thao/Dropbox/chibo/cells/LV.chibo"); w == nil {
		t.Error("no warning for a data folder in Dropbox")
	}
}
