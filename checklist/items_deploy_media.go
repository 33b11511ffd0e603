package checklist

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/djharden/djharden/checklist/pysource"
)

var mediaFilesItem = &Item{
	ID:    "media-files",
	Title: "Uploaded files are kept apart from code and static files",
	Lesson: "MEDIA_ROOT is where user uploads go. Inside STATIC_ROOT or the code, an upload could be served as your own file\n" +
		"or overwrite one. On platforms with a throwaway disk (Heroku, Render, Fly without a volume) uploads vanish at each deploy:\n" +
		"keep them on a volume or object storage (django-storages).",
	Docs: docs("media-root"),
}

func init() { mediaFilesItem.Check = settingsCheck(&mediaFilesItem, checkMediaFiles) }

// ephemeral are the hosting kinds whose local disk is thrown away at each
// deploy unless a volume is mounted.
var ephemeral = []string{"heroku", "render", "fly", "railway", "appengine"}

// volumeOutside are the platforms whose volumes are set up outside the
// project's files (Railway's dashboard): a missing volume line proves nothing.
var volumeOutside = map[string]bool{"railway": true}

var volumeLine = regexp.MustCompile(`^\s*(\[\[?mounts\]\]?|disk\s*:|volumes?\s*[:=\[])`)

// ephemeralDisk returns the hints of platforms with a throwaway disk and
// no volume in their file (sure), and of platforms whose volumes djharden
// cannot see (maybe).
func (c *evalCtx) ephemeralDisk() (sure, maybe []Location) {
	for _, h := range c.p.Hosting {
		if !slices.Contains(ephemeral, h.Kind) {
			continue
		}
		l := Location{File: h.File, Line: h.Line, Source: h.Detail}
		switch {
		case len(c.grepProject(volumeLine, func(rel string) bool { return rel == h.File })) > 0:
		case volumeOutside[h.Kind]:
			maybe = append(maybe, l)
		default:
			sure = append(sure, l)
		}
	}
	return sure, maybe
}

func checkMediaFiles(c *evalCtx, b *builder) Finding {
	media := c.pathSetting("MEDIA_ROOT")
	switch media.set {
	case no:
		if uses := c.fileFields(); len(uses) > 0 {
			b.problem(Warn, fmt.Sprintf("%s, but the models store uploads (%s): they are saved in the folder the server runs from, among your code", media.shown, uses[0].Source),
				"Set MEDIA_ROOT = BASE_DIR / \"media\" (a folder of its own, outside STATIC_ROOT), or object storage for uploads.", uses[:1])
			return b.done("")
		}
		return b.skip(media.shown + " and no model has a FileField or ImageField: the project stores no uploads on disk.")
	case unk:
		b.unknown("MEDIA_ROOT", "")
		return b.done("")
	}
	locs := c.where("MEDIA_ROOT")
	static := c.pathSetting("STATIC_ROOT")
	if mu, su := c.value("MEDIA_URL"), c.value("STATIC_URL"); mu.Kind == pysource.StrVal && su.Kind == pysource.StrVal && mu.Str != "" && mu.Str == su.Str {
		b.problem(Fail, fmt.Sprintf("MEDIA_URL and STATIC_URL are both %q: Django's staticfiles stop with ImproperlyConfigured", mu.Str),
			"Give uploads their own URL, e.g. MEDIA_URL = \"/media/\".", append(c.where("MEDIA_URL"), c.where("STATIC_URL")...))
	}
	if media.set == yes && static.set == yes && media.base == static.base && media.rel == static.rel && media.rel != "" {
		b.problem(Fail, "MEDIA_ROOT and STATIC_ROOT are the same folder: Django's staticfiles stop with ImproperlyConfigured",
			"Give uploads their own folder, e.g. MEDIA_ROOT = BASE_DIR / \"media\".", append(locs, c.where("STATIC_ROOT")...))
	} else if media.within(static) == yes || static.within(media) == yes {
		b.problem(Warn, "MEDIA_ROOT and STATIC_ROOT overlap: uploads are served as static files, and collectstatic can overwrite or publish them",
			"Give uploads their own folder, e.g. MEDIA_ROOT = BASE_DIR / \"media\", apart from STATIC_ROOT.", append(locs, c.where("STATIC_ROOT")...))
	}
	if dirs := c.value("STATICFILES_DIRS"); isSeq(dirs) {
		if s := c.get("STATICFILES_DIRS"); s != nil && s.Expr != nil {
			if list, ok := s.Expr.(*pysource.List); ok {
				for _, e := range list.Elts {
					base, rel, ok := pathExpr(e)
					if !ok {
						continue
					}
					d := pathValue{set: yes, base: base, rel: rel}
					if media.within(d) == yes || d.within(media) == yes {
						b.problem(Warn, "MEDIA_ROOT overlaps a STATICFILES_DIRS folder: uploads would be collected and published as static files",
							"Keep uploads out of the static source folders.", append(locs, c.where("STATICFILES_DIRS")...))
					}
				}
			}
		}
	}
	if media.base != "" && media.rel == "." {
		b.problem(Warn, "MEDIA_ROOT is the project folder itself: uploads land among your code",
			"Use a folder of its own, e.g. MEDIA_ROOT = BASE_DIR / \"media\".", locs)
	}
	cloud := func(v pysource.Value) tri { return triOf(v.Kind == pysource.StrVal && cloudStorage.MatchString(v.Str)) }
	remote := or3(c.each("STORAGES", func(v pysource.Value) tri {
		storages, _ := dictKey(v, "default")
		backend, _ := dictKey(storages, "BACKEND")
		return cloud(backend)
	}), c.each("DEFAULT_FILE_STORAGE", cloud))
	fix := "Store uploads in object storage (django-storages: STORAGES[\"default\"]), or mount a volume at MEDIA_ROOT."
	sure, maybe := c.ephemeralDisk()
	// Object storage on some paths only: an undecided if picks it, or a
	// try body sets it.
	conditional := remote == unk || remote == yes && c.conditional("STORAGES", "DEFAULT_FILE_STORAGE")
	switch {
	case conditional && len(sure)+len(maybe) > 0:
		where := append(c.where("STORAGES"), c.where("DEFAULT_FILE_STORAGE")...)
		b.problem(Unknown, "uploads go to object storage only when a condition holds (an if on the environment, say); otherwise they land on this platform's throwaway disk and vanish at each deploy",
			"Make sure production selects the object storage (for example its bucket variable is set).", append(where, append(sure, maybe...)[0]))
	case remote != no:
	case len(sure) > 0:
		b.problem(Warn, fmt.Sprintf("%s: this platform's disk is thrown away at each deploy and no volume is configured, so uploads in MEDIA_ROOT vanish", sure[0].File), fix, append(locs, sure[0]))
	case len(maybe) > 0:
		b.problem(Warn, fmt.Sprintf("%s: this platform's disk is thrown away at each deploy, so uploads in MEDIA_ROOT vanish unless a volume is mounted there (set up in its dashboard, which djharden cannot see)", maybe[0].File), fix, append(locs, maybe[0]))
	}
	if len(b.f.Problems) == 0 {
		b.f.Locations = append(b.f.Locations, locs...)
	}
	return b.done("Uploads go to " + media.shown + ", apart from static files and code.")
}

var fileField = regexp.MustCompile(`\b(FileField|ImageField)\s*\(`)

// fileFields finds model fields that store uploads in the project's
// models.py files and models/ packages.
func (c *evalCtx) fileFields() []Location {
	var out []Location
	root := c.p.Root
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." && (skipDirs[d.Name()] || strings.HasPrefix(d.Name(), ".") || strings.Count(rel, "/") > 5) {
				return filepath.SkipDir
			}
			return nil
		}
		if len(out) > 0 || !strings.HasSuffix(rel, ".py") || !(d.Name() == "models.py" || strings.Contains(rel, "/models/")) {
			return nil
		}
		st, err := d.Info()
		if err != nil || st.Size() > maxHostingRead {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		for i, l := range strings.Split(string(data), "\n") {
			if t := strings.TrimSpace(l); !strings.HasPrefix(t, "#") && fileField.MatchString(l) {
				out = append(out, Location{File: rel, Line: i + 1, Source: t})
				return filepath.SkipAll
			}
		}
		return nil
	})
	return out
}
