from django.urls import path

from rotative.news import feeds, views

app_name = "news"

urlpatterns = [
    path("sujets/<slug:slug>/", views.tag_page, name="tag"),
    path("auteurs/<slug:slug>/", views.author_page, name="author"),
    path("rss.xml", feeds.LatestArticlesFeed(), name="site_feed"),
    # A section's feed next to its page, before Wagtail's catch-all: a page's slug cannot
    # hold a dot, so no article is ever at `/<section>/rss.xml`.
    path("<slug:slug>/rss.xml", feeds.SectionFeed(), name="section_feed"),
    path("rss/<slug:slug>.xml", feeds.old_section_feed, name="old_section_feed"),
    path("sitemap-news.xml", views.google_news_sitemap, name="google_news_sitemap"),
    path("vues/<int:article_id>/", views.article_view_beacon, name="view_beacon"),
]
