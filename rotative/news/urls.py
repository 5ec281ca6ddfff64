from django.urls import path

from rotative.news import feeds, views

app_name = "news"

urlpatterns = [
    path("sujets/<slug:slug>/", views.tag_page, name="tag"),
    path("auteurs/<slug:slug>/", views.author_page, name="author"),
    path("rss.xml", feeds.LatestArticlesFeed(), name="site_feed"),
    path("rss/<slug:slug>.xml", feeds.SectionFeed(), name="section_feed"),
    path("sitemap-news.xml", views.google_news_sitemap, name="google_news_sitemap"),
    path("vues/<int:article_id>/", views.article_view_beacon, name="view_beacon"),
]
