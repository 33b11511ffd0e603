package checklist

import (
	"strings"

	"github.com/djharden/djharden/checklist/pysource"
)

var loggingItem = &Item{
	ID:    "logging",
	Title: "Errors reach the server's log",
	Lesson: "Django's default logging prints errors to the console only while DEBUG is on; in production it only emails ADMINS.\n" +
		"A LOGGING setting with a console handler puts tracebacks where your platform's log (heroku logs, docker logs) shows them.",
	Docs: "https://docs.djangoproject.com/en/stable/topics/logging/",
}

func init() { loggingItem.Check = settingsCheck(&loggingItem, checkLogging) }

// logFacts is what LOGGING says about where a django.request error goes.
// Django applies its own DEFAULT_LOGGING first ("django" logger: a console
// handler for DEBUG only and mail_admins), then dictConfig(LOGGING), which
// switches off every existing logger it does not name unless
// disable_existing_loggers is False.
type logFacts struct {
	unset        bool // no LOGGING: Django's defaults
	unknown      bool
	keepExisting bool
	handlers     map[string]pysource.Value // name -> handler dict
	loggers      pysource.Value            // the "loggers" dict
	root         pysource.Value            // the "root" dict (or loggers[""])
}

func (c *evalCtx) loggingFacts() logFacts {
	s := c.get("LOGGING")
	if s == nil || s.Default || s.Value.Kind == pysource.DictVal && len(s.Value.Keys) == 0 {
		return logFacts{unset: true}
	}
	if s.Value.Kind != pysource.DictVal {
		return logFacts{unknown: true}
	}
	f := logFacts{handlers: map[string]pysource.Value{}}
	hs, _ := dictKey(s.Value, "handlers")
	if hs.Kind != pysource.DictVal && hs.Kind != pysource.Unknown {
		hs = pysource.Value{Kind: pysource.DictVal}
	}
	f.unknown = hs.Kind == pysource.Unknown
	for i, k := range hs.Keys {
		if k.Kind != pysource.StrVal {
			f.unknown = true
			continue
		}
		f.handlers[k.Str] = hs.Items[i]
	}
	f.loggers, _ = dictKey(s.Value, "loggers")
	f.root, _ = dictKey(s.Value, "root")
	if r, ok := dictKey(f.loggers, ""); ok {
		f.root = r
	}
	keep, set := dictKey(s.Value, "disable_existing_loggers")
	if set && keep.Kind == pysource.Unknown {
		f.unknown = true
	}
	f.keepExisting = set && keep.Kind != pysource.Unknown && !keep.Truthy()
	return f
}

// sends reports whether a logger dict has a handler of a matching class
// that is not limited to DEBUG, and whether it lets records propagate.
func (f logFacts) sends(logger pysource.Value, match func(class string) bool) (hit, propagate bool, unknown bool) {
	hs, _ := dictKey(logger, "handlers")
	for _, h := range hs.Items {
		if h.Kind != pysource.StrVal {
			unknown = true
			continue
		}
		def, ok := f.handlers[h.Str]
		if !ok {
			continue
		}
		class, _ := dictKey(def, "class")
		if class.Kind != pysource.StrVal {
			unknown = true
			continue
		}
		filters, _ := dictKey(def, "filters")
		debugOnly := false
		for _, fl := range filters.Items {
			debugOnly = debugOnly || fl.Kind == pysource.StrVal && fl.Str == "require_debug_true"
		}
		if match(class.Str) && !debugOnly {
			hit = true
		}
	}
	p, set := dictKey(logger, "propagate")
	return hit, !set || p.Truthy(), unknown
}

// reaches tells whether an error logged on django.request with DEBUG off
// gets to a handler whose class matches. byDefault is the answer for
// Django's own "django" logger (mail_admins yes, console no).
func (f logFacts) reaches(match func(class string) bool, byDefault bool) tri {
	if f.unknown {
		return unk
	}
	if f.unset {
		return triOf(byDefault)
	}
	named := false
	for _, name := range []string{"django.request", "django"} {
		logger, ok := dictKey(f.loggers, name)
		if !ok {
			continue
		}
		named = true
		hit, propagate, unknown := f.sends(logger, match)
		switch {
		case hit:
			return yes
		case unknown:
			return unk
		case !propagate:
			return no
		}
	}
	if !named {
		if !f.keepExisting {
			return no // dictConfig switched Django's loggers off
		}
		if byDefault {
			return yes
		}
	}
	hit, _, unknown := f.sends(f.root, match)
	if unknown && !hit {
		return unk
	}
	return triOf(hit)
}

var consoleHandlers = map[string]bool{"logging.StreamHandler": true, "rich.logging.RichHandler": true}

func isConsoleHandler(class string) bool { return consoleHandlers[class] }

func checkLogging(c *evalCtx, b *builder) Finding {
	f := c.loggingFacts()
	if f.unset {
		b.problem(Warn, "LOGGING is not set: with DEBUG off, Django's default logging prints no errors to the console, so the platform's log shows no tracebacks",
			"Add a LOGGING dict with a console handler: {\"version\": 1, \"disable_existing_loggers\": False, \"handlers\": {\"console\": {\"class\": \"logging.StreamHandler\"}}, \"root\": {\"handlers\": [\"console\"], \"level\": \"WARNING\"}}.",
			c.where("LOGGING"))
		return b.done("")
	}
	switch f.reaches(isConsoleHandler, false) {
	case yes:
		return b.done("LOGGING sends errors to the console, where the platform's log shows them.")
	case unk:
		b.unknown("LOGGING", "")
		return b.done("")
	}
	rootConsole, _, _ := f.sends(f.root, isConsoleHandler)
	_, named := dictKey(f.loggers, "django")
	_, namedRequest := dictKey(f.loggers, "django.request")
	if rootConsole && !f.keepExisting && !named && !namedRequest {
		b.problem(Warn, "LOGGING leaves disable_existing_loggers at True, which switches off Django's own loggers (django.request): tracebacks never reach the console handler",
			"Add \"disable_existing_loggers\": False to LOGGING.", c.where("LOGGING"))
		return b.done("")
	}
	b.problem(Warn, "LOGGING has no console handler on the root or django loggers: with DEBUG off, tracebacks do not reach the platform's log",
		"Add a handler {\"class\": \"logging.StreamHandler\"} and list it in \"root\" (or the \"django\" logger).", c.where("LOGGING"))
	return b.done("")
}

// isAdminEmail matches Django's handler that mails ADMINS.
func isAdminEmail(class string) bool { return class == "django.utils.log.AdminEmailHandler" }

// isTrackerHandler matches logging handlers that send errors to a service.
func isTrackerHandler(class string) bool {
	for _, p := range []string{"sentry_sdk.", "raven.", "rollbar.", "bugsnag.", "logging.handlers.SMTPHandler", "logging.handlers.HTTPHandler", "logging.handlers.SysLogHandler", "watchtower.", "google.cloud.logging"} {
		if strings.HasPrefix(class, p) {
			return true
		}
	}
	return false
}
