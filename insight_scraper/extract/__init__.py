"""Pure extraction functions of (html, url). This package never imports scrapy."""
