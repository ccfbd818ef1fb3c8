from applications.views import office, parties, pending

urlpatterns = [*parties.urlpatterns, *office.urlpatterns]
urlpatterns += pending.missing(urlpatterns)
