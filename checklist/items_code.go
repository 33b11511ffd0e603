package checklist

var sqlInjectionItem = &Item{
	ID:    "sql-injection",
	Title: "SQL is never built from user input",
	Lesson: "The ORM escapes every value for you. Raw SQL built with f-strings, % or + does not:\n" +
		"a crafted value can read or delete any table.\n" +
		"Pass values as parameters instead: cursor.execute(\"... WHERE id = %s\", [user_id]).",
	Docs: "https://docs.djangoproject.com/en/stable/topics/security/#sql-injection-protection",
}

var xssItem = &Item{
	ID:    "xss",
	Title: "Templates escape what users typed",
	Lesson: "Django templates escape HTML automatically, so a comment cannot run JavaScript in your visitors' browsers.\n" +
		"mark_safe, |safe and {% autoescape off %} switch that off for their value.\n" +
		"Use them only on text you wrote yourself, never on anything a user can influence.",
	Docs: "https://docs.djangoproject.com/en/stable/topics/security/#cross-site-scripting-xss-protection",
}

func init() {
	sqlInjectionItem.Check = func(pass *RunPass) Finding { return codeFinding(sqlInjectionItem, pass.Scan) }
	xssItem.Check = func(pass *RunPass) Finding { return codeFinding(xssItem, pass.Scan) }
}
