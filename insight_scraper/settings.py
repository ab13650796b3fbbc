"""Scrapy settings: polite defaults for the live site. Project settings are prefixed INSIGHT_."""

from __future__ import annotations

from insight_scraper.coverage import DEFAULT_THRESHOLDS

BOT_NAME = "insight_scraper"
SPIDER_MODULES = ["insight_scraper.spiders"]
NEWSPIDER_MODULE = "insight_scraper.spiders"

# --- What to crawl ----------------------------------------------------------------------------
# A site profile (insight_scraper/sites/profiles/NAME.toml, a .toml path, or a URL) sets the
# settings of this block and the politeness below; `insight-scraper sites` lists the profiles.
# Empty: the defaults here, which are the afghaninsight profile's.
INSIGHT_SITE_PROFILE = ""
INSIGHT_PROFILE_APPLIED = False  # set with the profile's settings: it is not resolved again
INSIGHT_SITE_URL = "https://www.afghaninsight.com/"
# ISO 639-1 code -> the path prefix of that language's section.
INSIGHT_LANGUAGES = {"en": "/"}
# The sources the spiders may use, among "rest", "feeds", "sitemaps", "listings". With "rest", a
# full crawl is REST-first (records from /wp-json/wp/v2/posts?_embed, ~1 request per 100 posts)
# and takes the HTML road when REST is closed (docs/record.md, "REST-first records").
INSIGHT_SOURCES = ["rest", "feeds", "sitemaps", "listings"]
# Record fields a REST-built record takes from the article page (fetched only if non-empty).
INSIGHT_REST_PAGE_FIELDS = ["breadcrumbs", "authors", "reading_time_minutes"]
# Extra CSS selectors per field, tried before the built-in ones ({"body": [...]}).
INSIGHT_SELECTORS: dict[str, list[str]] = {}
# Base URL of an offline mirror that serves the site's paths (e.g. http://127.0.0.1:8000/).
# Requests for the site are sent there; records keep the site's real URLs. Empty = live site.
INSIGHT_MIRROR_URL = ""
INSIGHT_CONTACT = "https://github.com/insight-scraper/insight-scraper"

# --- Politeness (the live site is small) --------------------------------------------------------
ROBOTSTXT_OBEY = True
# USER_AGENT: "insight-scraper/<version> (+INSIGHT_CONTACT)", set by the spider unless you set it.
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# Items of one response are handled by this many asyncio tasks, created for every response
# (Scrapy's default, 100, is ~100 tasks per page). Every pipeline here is synchronous and a
# callback yields a few objects: 4 loses nothing and costs less per page (bench/crawl.py).
CONCURRENT_ITEMS = 4
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# Bounds on one response: a page that stalls or grows without end costs one reject, not the run.
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
# WordPress needs at most three hops (http→https, bare→www, trailing slash); a longer chain is
# a loop or a trap, and each hop costs a polite delay on the live site (Scrapy's default is 20).
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False  # and its middleware not even imported (the *_BASE settings below)
TELNETCONSOLE_ENABLED = False
# Scrapy's remote-control extension writes job files with a bearer token under $HOME (left behind
# by a SIGKILL) and logs an ERROR where $HOME is not writable: a crawler run by cron needs neither.
REMOTE_CONTROL_ENABLED = False
# Scrapy imports every component its *_BASE settings name, even one switched off (to normalise
# its key): the remote control loads aiohttp (10 MB of a crawl's ~100 MB peak RSS), the cookies
# middleware tldextract and requests (3 MB). Both are off here, so the bases are Scrapy's own
# without them (tests/test_heap.py fails when Scrapy's bases change; Scrapy itself is not
# imported here: `extract` reads this module). To use one, add it to EXTENSIONS or
# DOWNLOADER_MIDDLEWARES with its setting.
EXTENSIONS_BASE = {
    "scrapy.extensions.corestats.CoreStats": 0,
    "scrapy.extensions.logcount.LogCount": 0,
    "scrapy.extensions.telnet.TelnetConsole": 0,
    "scrapy.extensions.memusage.MemoryUsage": 0,
    "scrapy.extensions.memdebug.MemoryDebugger": 0,
    "scrapy.extensions.closespider.CloseSpider": 0,
    "scrapy.extensions.feedexport.FeedExporter": 0,
    "scrapy.extensions.logstats.LogStats": 0,
    "scrapy.extensions.spiderstate.SpiderState": 0,
    "scrapy.extensions.throttle.AutoThrottle": 0,
}
DOWNLOADER_MIDDLEWARES_BASE = {
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": 50,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware": 300,
    "scrapy.downloadermiddlewares.downloadtimeout.DownloadTimeoutMiddleware": 350,
    "scrapy.downloadermiddlewares.defaultheaders.DefaultHeadersMiddleware": 400,
    "scrapy.downloadermiddlewares.useragent.UserAgentMiddleware": 500,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": 550,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": 580,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": 590,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": 600,
    "scrapy.downloadermiddlewares.httpproxy.HttpProxyMiddleware": 750,
    "scrapy.downloadermiddlewares.stats.DownloaderStats": 850,
    "scrapy.downloadermiddlewares.httpcache.HttpCacheMiddleware": 900,
}

# Bounds on a response's headers (Scrapy has none): past them the response is given up
# (reject reason too_many_headers). WordPress behind a CDN sends about 30 headers, in 2-4 KiB.
INSIGHT_MAX_HEADERS = 200
INSIGHT_MAX_HEADER_BYTES = 64 * 1024
DOWNLOAD_HANDLERS = {
    "http": "insight_scraper.download.BoundedHTTPDownloadHandler",
    "https": "insight_scraper.download.BoundedHTTPDownloadHandler",
}

# --- Retries: exponential backoff that honours Retry-After ---------------------------------------
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
INSIGHT_RETRY_BACKOFF_BASE = 2.0
INSIGHT_RETRY_BACKOFF_MAX = 120.0
# A Retry-After is waited for up to this many seconds; a longer one leaves the URL to the
# next run at once (reject reason retry_later) instead of stalling or hammering.
INSIGHT_RETRY_AFTER_MAX = 300.0
# A request that has used up its retries becomes a reject (or a discovery refetch): data, not
# an error of the run, which Scrapy's default ERROR would make it (exit code 1).
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"

DOWNLOADER_MIDDLEWARES = {
    # robots.txt for every request, the first ones and mirrored ones included (middlewares.py).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "insight_scraper.middlewares.SiteRobotsTxtMiddleware": 100,
    # After robots.txt (100): its rules are checked against the site's own URLs, and the
    # robots.txt request itself is sent to the mirror like any other.
    "insight_scraper.middlewares.MirrorMiddleware": 110,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "insight_scraper.middlewares.BackoffRetryMiddleware": 550,
    # After the mirror's rewrite (110), and before RedirectMiddleware (600) sees a response:
    # nothing off the site, and no non-http(s) scheme, is ever requested or followed.
    "insight_scraper.middlewares.SiteOnlyMiddleware": 650,
    # Late in the response chain (its process_response runs after retries and redirects):
    # a page with a wrong declared charset reaches every callback decoded right.
    "insight_scraper.middlewares.CharsetRepairMiddleware": 120,
}
# A discovery page (home, listing, sitemap) that fails after its retries, or comes back cut
# off or empty, is fetched again this many times: every article only it links to hangs on it.
INSIGHT_DISCOVERY_REFETCH = 2
# Bounds on discovery (a hostile or broken site must not grow a crawl without end); each one
# hit is a reject (listing_cap, sitemap_cap) or the finish reason (closespider_timeout), and
# the run exits 5 (incomplete). The live site has a few dozen pages per category.
INSIGHT_MAX_LISTING_PAGES = 500
INSIGHT_MAX_SITEMAP_URLS = 200_000
CLOSESPIDER_TIMEOUT = 6 * 3600
# Articles fetched at once while listings are still being read (the rest wait as URLs).
INSIGHT_ARTICLE_WINDOW = 32

# --- Pipelines: validate → dedup → state; output through FEEDS --------------------------------
# (Extraction happens in the article callback: spiders/base.py.)
ITEM_PIPELINES = {
    "insight_scraper.pipelines.ValidatePipeline": 200,
    "insight_scraper.pipelines.DedupPipeline": 300,
    "insight_scraper.pipelines.StatePipeline": 400,
}
INSIGHT_VALIDATE_ENABLED = True
INSIGHT_DEDUP_ENABLED = True
INSIGHT_STATE_ENABLED = True
# The crawl state (SQLite): articles seen, their modified times and hashes, validators.
# Opened and locked by one owner, the CrawlState extension (state/owner.py).
INSIGHT_STATE_PATH = "output/state.sqlite"
# The output directory's layout (output.py): the dataset, and each run's own files in runs/.
INSIGHT_DATASET = "output/articles.jsonl"
INSIGHT_RUNS_DIR = "output/runs"
# Set per run (spiders/base.py) unless given: names the run's files and its summary.
INSIGHT_RUN_ID = ""
# Set by --resume: the earlier runs of the job, whose records are not fetched again.
INSIGHT_RESUME_RUNS: list[str] = []
# Set by the spider from its class: "full" or "incremental" (read by pipelines, extensions).
INSIGHT_CRAWL_MODE = "full"

FEED_EXPORT_ENCODING = "utf-8"
# Unbuffered appends, fsync on close: a killed crawl never leaves half a JSON line.
FEED_STORAGES = {
    "": "insight_scraper.durable.DurableFileFeedStorage",
    "file": "insight_scraper.durable.DurableFileFeedStorage",
}
# Each run appends to its own files in INSIGHT_RUNS_DIR (added to FEEDS by the spider, feeds.py:
# `-O x.jsonl` and Scrapyd's feeds come on top); the Dataset extension merges them into
# INSIGHT_DATASET.
FEED_URI_PARAMS = "insight_scraper.feeds.uri_params"

# --- Run summary: output/runs/<run-id>.json, one JSON line on stdout, Prometheus text -----------
EXTENSIONS = {
    "insight_scraper.dataset.Dataset": 90,
    "insight_scraper.state.owner.CrawlState": 100,
    "insight_scraper.summary.RunSummary": 500,
    "insight_scraper.progress.Progress": 600,
    # Start-up's objects out of every garbage collection (heap.py): ~3% of a crawl's CPU.
    "insight_scraper.heap.FreezeStartupHeap": 700,
}
INSIGHT_GC_FREEZE = True
INSIGHT_SUMMARY_ENABLED = True
INSIGHT_SUMMARY_STDOUT = True
INSIGHT_METRICS_FILE = ""
# Progress (insight_scraper/progress.py): auto = a live line when stderr is a terminal, else a
# heartbeat line at WARNING every INSIGHT_HEARTBEAT_SECONDS; or tty, heartbeat, off.
INSIGHT_PROGRESS = "auto"
INSIGHT_HEARTBEAT_SECONDS = 60
# Field-coverage monitor: the share of records whose field came from the theme's markup
# below which a run reports a breach (exit code 4). See insight_scraper/coverage.py.
INSIGHT_COVERAGE_THRESHOLDS = dict(DEFAULT_THRESHOLDS)

LOG_LEVEL = "INFO"
