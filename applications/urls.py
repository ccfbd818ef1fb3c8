from applications.proposals import urls as proposal_urls
from applications.views import office, parties

urlpatterns = [*parties.urlpatterns, *office.urlpatterns, *proposal_urls.urlpatterns]
