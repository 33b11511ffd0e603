package checklist

import "sync"

// The checklist in the seed order. Item IDs are a contract: never rename.
var (
	itemsOnce sync.Once
	itemList  []*Item
	itemByID  map[string]*Item
)

func buildItems() {
	itemList = []*Item{
		debugItem,
		secretKeyItem,
		allowedHostsItem,
		httpsRedirectItem,
		hstsItem,
		proxySSLHeaderItem,
		csrfItem,
		sessionCookiesItem,
		sqlInjectionItem,
		xssItem,
		clickjackingItem,
		securityHeadersItem,
		emailBackendItem,
		djangoVersionItem,
		secretsInSettingsItem,
		envFileItem,
		staticFilesItem,
		mediaFilesItem,
		errorReportsItem,
		errorPagesItem,
		databaseItem,
		loggingItem,
		deployCheckItem,
	}
	itemByID = map[string]*Item{}
	for _, it := range itemList {
		itemByID[it.ID] = it
	}
}

// Items returns the checklist in order. The slice is fresh; the items are shared.
func Items() []*Item {
	itemsOnce.Do(buildItems)
	return append([]*Item(nil), itemList...)
}

// Lookup returns the item with that ID, or nil.
func Lookup(id string) *Item {
	itemsOnce.Do(buildItems)
	return itemByID[id]
}

// docs builds a link into Django's settings reference.
func docs(anchor string) string {
	return "https://docs.djangoproject.com/en/stable/ref/settings/#" + anchor
}
