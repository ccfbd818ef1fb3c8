from applications.views import office, parties

urlpatterns = [*parties.urlpatterns, *office.urlpatterns]
