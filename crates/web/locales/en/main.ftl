# English strings of the wsis-hub pages. Every user-visible string of the
# HTML pages lives here; other languages copy this file to locales/LANG/.

## Layout
site-name = wsis-hub
skip-to-content = Skip to main content
nav-label = Main
nav-home = Home
nav-initiatives = Initiatives
nav-api = API (OpenAPI)
breadcrumb-label = Breadcrumb
footer-about = wsis-hub is open-source software for the multistakeholder process of the World Summit on the Information Society (WSIS).
footer-sources = Sources of the framework texts, crosswalks, countries and demo data: data/SOURCES.md in the repository. Each record names its source on its page.
footer-licence = Software licensed under the GNU Affero General Public License v3.0 or later; texts quoted from the United Nations and other publishers remain theirs.

## Counts (plural rules apply)
count-initiatives = { $count ->
    [one] 1 initiative
   *[other] { $count } initiatives
}
count-organizations = { $count ->
    [one] 1 organization
   *[other] { $count } organizations
}
count-mapped = { $count ->
    [one] 1 initiative with suggested codes
   *[other] { $count } initiatives with suggested codes
}

## Home
home-title = WSIS framework and stocktaking register
home-intro = wsis-hub maps initiatives, inputs and commitments to the WSIS Action Lines, the Sustainable Development Goals and the Global Digital Compact, so that everyone taking part in the WSIS process can see who does what, where, and what is missing.
home-counts = The register in numbers
search-label = Search initiatives
search-button = Search
framework-action-lines = WSIS Action Lines
framework-action-lines-intro = The eleven action lines of the Geneva Plan of Action (2003); C7 has eight sub-lines.
framework-sdgs = Sustainable Development Goals
framework-gdc = Global Digital Compact objectives

## Framework pages
kind-action_line = WSIS Action Line
kind-sdg = Sustainable Development Goal
kind-gdc = Global Digital Compact objective
code-text = Text
code-no-text = No verbatim text of this item is shipped yet; see its source below.
code-targets = Targets
code-facilitators = Facilitators
code-sublines = Sub-lines
code-crosswalk = Crosswalk links
links-to-action_line = WSIS Action Lines
links-to-sdg = Sustainable Development Goals
links-to-gdc = Global Digital Compact objectives
link-editorial = editorial (not an official crosswalk)
link-targets = Targets: { $targets }
link-source = Source { $number }
code-initiatives = Latest initiatives
code-no-initiatives = No initiative is filed under this item yet.
code-all-initiatives = { $count ->
    [one] See the initiative in the register
   *[other] See all { $count } initiatives in the register
}
code-sources = Sources

## Initiative list
list-title = Initiatives
list-active-filters = Active filters
list-remove-filter = Remove filter { $filter }
list-clear-filters = Clear all filters
list-results = Results
list-none = No initiative matches. Try fewer words or remove a filter.
list-showing-first = Showing { $first }
list-order-text = Initiatives whose title alone matches the search come first, then the others; each group most relevant first.
list-order-newest = Most recently added first.
list-facets = Refine
list-download = Open data
list-download-json = Every initiative, as JSON
list-download-csv = Every initiative, as CSV
facet-q = Search
facet-action_line = Action line
facet-sdg = SDG
facet-gdc = GDC objective
facet-group = Stakeholder group
facet-region = Region
facet-country = Country
facet-kind = Kind
facet-year = Start year
facet-status = Status
facet-selected = (selected; follow to remove)
codes-label = Framework codes
pager-label = Pages
pager-prev = Previous
pager-next = Next
pager-page = Page { $page }

## Vocabularies
group-government = Government
group-international-organization = International organization
group-private-sector = Private sector
group-civil-society = Civil society
group-academia = Academia
group-technical-community = Technical community
kind-project = Project
kind-programme = Programme
kind-training = Training
kind-platform = Platform
kind-policy = Policy
kind-event = Event
kind-publication = Publication
status-planned = Planned
status-ongoing = Ongoing
status-completed = Completed
origin-declared = Declared by the submitter
origin-suggested = Suggested by the mapping engine
origin-confirmed = Confirmed by a reviewer
origin-rejected = Rejected by a reviewer

## Initiative page
sample-title = Sample data.
sample-text = This record is illustrative: it describes no real initiative and is shipped to demonstrate the register.
detail-description = Description
detail-facts = Details
detail-organization = Organization
detail-kind = Kind
detail-status = Status
detail-dates = Dates
detail-unknown = unknown
detail-open-end = no end date
detail-countries = Countries
detail-no-countries = None named (global or regional)
detail-links = Links
detail-no-links = None
detail-id = Identifier
detail-codes = Framework codes
detail-no-codes = No code yet.
detail-code = Code
detail-origin = Origin
detail-evidence = Evidence
detail-score = score { $score }
detail-origins-help = Codes of every origin are kept side by side: a suggestion never replaces what the submitter declared, and a reviewer's decision never erases the suggestion it was about. Evidence of suggestions is marked in the description.
detail-attribution = Source of the text
detail-no-attribution = No attribution recorded.
detail-json = This record as JSON

## Errors
error-not-found-title = Page not found
error-not-found = Nothing lives at this address. It may have been mistyped, or the item may not exist.
error-bad-request-title = Bad request
error-bad-request = The address asks for something the server cannot read. Check the filters and the page number.
error-internal-title = Server error
error-internal = The server failed to answer. Please try again later.
error-home = Back to the home page
error-bad-value = The parameter “{ $name }” has a value the register does not know: “{ $value }”.
error-sign-in-title = Sign in needed
error-sign-in = Sign in to see this page or do this.
error-forbidden-title = Not allowed
error-forbidden = Your account may not see this page or do this.
error-conflict-title = Changed by someone else
error-conflict = Someone else changed this input while you were looking at it. Reload it to see their change, then decide again.
error-too-large-title = Too large
error-too-large = The file or the form is larger than the limit.
error-file-title = File not accepted
error-file = Attach PDF, Word (.docx) or plain text files whose content matches their name.
error-invalid-title = Please correct the form
error-invalid = Something in the form needs correcting.
error-too-many-title = Too many attempts
error-too-many = Too many attempts in a short time. Wait a few minutes and try again.

## Accounts
nav-calls = Calls for inputs
nav-account = Account
account-title = Your account
account-signed-in-as = Signed in as { $name } ({ $email }), { $role }.
account-organization = Organization: { $organization }
account-lines = Action lines you moderate: { $lines }
account-anonymous = You are not signed in.
account-links = What you can do
account-my-inputs = Your inputs
account-moderation = Moderation queue
account-audit = Audit log
account-new-call = Open a new call
sign-in-title = Sign in
sign-in-submit = Sign in
sign-out = Sign out
register-title = Create an account
register-intro = Stakeholders create an account to answer calls for inputs on behalf of their organization.
register-submit = Create account
register-have-account = Already registered? Sign in.
register-new = New here? Create an account.
field-email = E-mail
field-password = Password
field-password-hint = At least 10 characters.
field-name = Your name
field-organization = Organization
field-group = Stakeholder group
field-country = Country
field-country-none = No country (international)
form-error = The form could not be sent:

## Calls
calls-title = Calls for inputs
calls-intro = The WSIS+20 review asks every stakeholder group for its views. Open calls take inputs until their deadline; published inputs are public.
calls-none = There are no calls yet.
call-status = Status
call-status-draft = Draft
call-status-open = Open
call-status-closed = Closed
call-deadline = Deadline
call-questions = Questions
call-word-limit = at most { $limit } words
call-answer = Answer this call
call-sign-in-to-answer = Sign in as a stakeholder to answer this call.
call-inputs = Published inputs
call-inputs-none = No published input matches.
call-inputs-count = { $count ->
    [one] One published input
   *[other] { $count } published inputs
}
call-search = Search the inputs
call-search-submit = Search
call-export = Download as CSV
facet-clear = Clear filters
call-new-title = Open a new call
field-title = Title
field-description = Description
field-questions = Questions
field-questions-hint = One question per line. End a line with a word limit in brackets, such as [300].
field-deadline = Deadline (UTC)
field-status = Status
review-confirm = Confirm { $code }
review-reject = Reject { $code }
field-languages = Languages inputs may be written in
call-languages = Languages
language-ar = العربية
language-zh = 中文
language-en = English
language-fr = Français
language-ru = Русский
language-es = Español
call-create = Create the call
call-change = Change the status or deadline
call-change-save = Save the change

## Submissions
respond-title = Answer: { $title }
respond-intro = Answer the questions below. You may attach PDF, Word (.docx) or text files (at most 5 files of 5 MB each); their text is read and published with your input.
respond-attachments = Attach files (PDF, DOCX, text)
respond-draft = Save draft
respond-submit = Submit input
respond-existing-files = Files already attached
respond-remove-file = Remove { $name }
submission-title = Input { $id }
submission-call = Call
submission-organization = Organization
submission-status = Status
submission-status-draft = Draft: not sent yet
submission-status-submitted = Submitted: waiting for a moderator
submission-status-published = Published
submission-status-rejected = Rejected
submission-reason = Reason given by the moderator
submission-answers = Answers
submission-attachments = Attached files
submission-download = Download
submission-codes = Framework codes
submission-codes-none = No codes yet.
submission-edit = Edit this draft
submission-submitted-at = Submitted
moderate-title = Moderation
moderate-publish = Publish
moderate-reject = Reject
moderate-reason = Reason for rejecting (the author reads it)
moderate-confirm = Confirm
moderate-reject-code = Reject code
moderate-add-code = Add or confirm a code
moderate-code = Code (e.g. C7.e-health or SDG3)
my-inputs-title = Your inputs
my-inputs-none = You have not written any input yet.
moderation-title = Moderation queue
moderation-intro = Inputs waiting for a decision on the action lines you moderate.
moderation-none = Nothing is waiting.
audit-title = Audit log
audit-when = When
audit-who = Who
audit-what = What
audit-subject = Subject
audit-change = Before → after
