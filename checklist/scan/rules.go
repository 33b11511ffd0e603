package scan

// Rule IDs. They are stable: users silence them by name
// ("# djharden: ignore[sql-fstring]") and CI configurations refer to them.
const (
	RuleSQLFString       = "sql-fstring"
	RuleSQLFormat        = "sql-format"
	RuleSQLPercent       = "sql-percent"
	RuleSQLConcat        = "sql-concat"
	RuleSQLExtraReview   = "sql-extra-review"
	RuleXSSMarkSafe      = "xss-mark-safe"
	RuleXSSFormatHTML    = "xss-format-html"
	RuleXSSFilterIsSafe  = "xss-filter-is-safe"
	RuleXSSTemplateSafe  = "xss-template-safe"
	RuleXSSAutoescapeOff = "xss-autoescape-off"
	RuleCSRFExempt       = "csrf-exempt"
)

// Checklist items the rules feed.
const (
	ItemSQLInjection = "sql-injection"
	ItemXSS          = "xss"
	ItemCSRF         = "csrf"
)

const docsBase = "https://docs.djangoproject.com/en/stable/"

var rules = []Rule{
	{
		ID: RuleSQLFString, Item: ItemSQLInjection,
		Title:  "Raw SQL built with an f-string",
		Lesson: "Values pasted into SQL text become part of the query: a quote in user input changes what runs.\nThe database driver escapes values only when they are passed separately as parameters.",
		Safe:   `cursor.execute("SELECT * FROM app_user WHERE id = %s", [user_id])`,
		Docs:   docsBase + "topics/db/sql/#passing-parameters-into-raw",
	},
	{
		ID: RuleSQLFormat, Item: ItemSQLInjection,
		Title:  "Raw SQL built with str.format()",
		Lesson: ".format() pastes values into the SQL text, so input can rewrite the query.\nPass the values as the params list and keep the SQL a constant string.",
		Safe:   `Person.objects.raw("SELECT * FROM app_person WHERE last_name = %s", [name])`,
		Docs:   docsBase + "topics/db/sql/#passing-parameters-into-raw",
	},
	{
		ID: RuleSQLPercent, Item: ItemSQLInjection,
		Title:  "Raw SQL built with % formatting",
		Lesson: "sql % values formats the string in Python before the driver sees it: nothing is escaped.\nGive the values to execute() as its second argument instead; the driver fills the %s placeholders safely.",
		Safe:   `cursor.execute("UPDATE app_item SET name = %s WHERE id = %s", [name, item_id])`,
		Docs:   docsBase + "topics/db/sql/#executing-custom-sql-directly",
	},
	{
		ID: RuleSQLConcat, Item: ItemSQLInjection,
		Title:  "Raw SQL built with + concatenation",
		Lesson: "Gluing strings onto SQL puts values straight into the query text.\nUse the ORM (filter/exclude), or placeholders with a separate params list.",
		Safe:   `Item.objects.filter(name=name)  # or: cursor.execute("... WHERE name = %s", [name])`,
		Docs:   docsBase + "topics/security/#sql-injection-protection",
	},
	{
		ID: RuleSQLExtraReview, Item: ItemSQLInjection,
		Title:  "QuerySet.extra() is deprecated",
		Lesson: "extra() is a deprecated escape hatch into raw SQL; Django plans to remove it.\nThe SQL here looks constant, so it is not an injection today: review it and move to annotate() or RawSQL with params.",
		Safe:   `qs.annotate(val=RawSQL("SELECT col FROM other WHERE id = %s", (other_id,)))`,
		Docs:   docsBase + "ref/models/querysets/#extra",
	},
	{
		ID: RuleXSSMarkSafe, Item: ItemXSS,
		Title:  "mark_safe() on a value that is not a literal",
		Lesson: "mark_safe() tells templates not to escape the value. If any part of it came from a user,\ntheir HTML and scripts run in other visitors' browsers.",
		Safe:   `format_html("<b>{}</b>", user_value)  # escapes user_value, marks the result safe`,
		Docs:   docsBase + "ref/utils/#django.utils.safestring.mark_safe",
	},
	{
		ID: RuleXSSFormatHTML, Item: ItemXSS,
		Title:  "format_html() given an already formatted string",
		Lesson: "format_html() escapes only the arguments it fills into {} placeholders.\nAn f-string, .format() or % result is formatted before it arrives, so nothing in it is escaped.",
		Safe:   `format_html("<a href=\"{}\">{}</a>", url, label)`,
		Docs:   docsBase + "ref/utils/#django.utils.html.format_html",
	},
	{
		ID: RuleXSSFilterIsSafe, Item: ItemXSS,
		Title:  "Template filter registered with is_safe=True",
		Lesson: "is_safe=True keeps the filter's output marked safe when its input was safe.\nIf the filter adds characters like < > & ' \" without escaping, it can open an XSS hole.",
		Safe:   `@register.filter(needs_autoescape=True)  # then escape with conditional_escape when autoescape is on`,
		Docs:   docsBase + "howto/custom-template-tags/#filters-and-auto-escaping",
	},
	{
		ID: RuleXSSTemplateSafe, Item: ItemXSS,
		Title:  "|safe or |safeseq in a template",
		Lesson: "|safe switches off HTML escaping for this value. If it can contain user input,\nvisitors' browsers will run whatever HTML or script was put in it.",
		Safe:   `{{ comment.text }}  {# escaped by default; build trusted HTML in Python with format_html #}`,
		Docs:   docsBase + "ref/templates/builtins/#safe",
	},
	{
		ID: RuleXSSAutoescapeOff, Item: ItemXSS,
		Title:  "{% autoescape off %} in a template",
		Lesson: "Inside this block no variable is escaped, including ones added later by someone else.\nEscaping should stay on; mark only trusted, built-in-Python HTML as safe.",
		Safe:   `{% autoescape on %}...{% endautoescape %}  {# or just remove the block #}`,
		Docs:   docsBase + "ref/templates/builtins/#autoescape",
	},
	{
		ID: RuleCSRFExempt, Item: ItemCSRF,
		Title:  "View exempted from CSRF protection",
		Lesson: "csrf_exempt lets other websites submit forms to this view as your logged-in users.\nKeep it only for endpoints authenticated another way (webhook signatures, API tokens).",
		Safe:   `remove @csrf_exempt; put {% csrf_token %} in the form, or send the X-CSRFToken header from JavaScript`,
		Docs:   docsBase + "ref/csrf/#django.views.decorators.csrf.csrf_exempt",
	},
}

// Rules lists every rule in a stable order.
func Rules() []Rule {
	out := make([]Rule, len(rules))
	copy(out, rules)
	return out
}

// RuleByID returns the rule with that ID.
func RuleByID(id string) (Rule, bool) {
	for _, r := range rules {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// itemOf returns the checklist item a rule feeds.
func itemOf(rule string) string {
	if r, ok := RuleByID(rule); ok {
		return r.Item
	}
	return ""
}
