"""What CRMs call the canonical tables and columns: header and file-name vocabularies of
Salesforce, HubSpot, Dynamics, Pipedrive, Fivetran and spreadsheet exports, normalised."""

from __future__ import annotations

import re
from functools import lru_cache

_PREFIXES = ("properties.", "property_", "properties_", "(do not modify) ")
"""HubSpot's property prefixes, and Dynamics' "(Do Not Modify) Opportunity" (the record id)."""


@lru_cache(maxsize=1 << 16)
def normalize(header: str) -> str:
    """A header reduced to lowercase letters and digits: 'Close Date', 'close_date',
    'CloseDate' and HubSpot's 'property_closedate' are all 'closedate'."""
    text = header.strip().lstrip("\ufeff").lower()
    for prefix in _PREFIXES:
        text = text.removeprefix(prefix)
    return re.sub(r"[^a-z0-9]", "", text.removesuffix("__c"))


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


COLUMN_NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "deals": {
        "deal_id": _words(
            "dealid opportunityid id hsobjectid recordid oppid opportunitynumber dealnumber deal "
            "opportunity"
        ),
        "rep_id": _words(
            "repid ownerid hubspotownerid owner opportunityownerid opportunityowner dealowner "
            "salesagent salesrep rep salesperson assignedto accountexecutive ownername ownedby "
            "seller agent userid"
        ),
        "account_id": _words(
            "accountid account hsprimaryassociatedcompany companyid company accountname "
            "customerid customer associatedcompany organization"
        ),
        "segment": _words("segment marketsegment customersegment"),
        "source": _words("source leadsource dealsource originalsource opportunitysource channel"),
        "created_date": _words(
            "createddate createdate createdat datecreated creationdate engagedate opendate "
            "opened createdon"
        ),
        "close_date": _words(
            "closedate closeddate closedat dateclosed closingdate closedon expectedclosedate "
            "estimatedclosedate actualclosedate estclosedate"
        ),
        "stage": _words(
            "stage stagename dealstage opportunitystage salesstage pipelinestage status "
            "statuscode dealstatus outcome state"
        ),
        "amount": _words(
            "amount closevalue value dealvalue dealamount opportunityamount revenue totalamount "
            "amounthomecurrency estimatedrevenue estrevenue actualrevenue estvalue total acv"
        ),
        "modified_date": _words(
            "lastmodifieddate systemmodstamp modifieddate hslastmodifieddate updatedat "
            "lastmodified modifiedon lastupdated"
        ),
        "currency": _words("currency currencyisocode dealcurrencycode currencycode"),
    },
    "reps": {
        "rep_id": _words(
            "repid id userid ownerid salesagent agent employeeid user owner hsobjectid fullname"
        ),
        "name": _words(
            "name fullname repname displayname ownername employeename agentname salesagent"
        ),
        "team": _words("team regionaloffice region department division office territory salesteam"),
        "manager": _words("manager managerid managername reportsto supervisor"),
        "role": _words("role title jobtitle position userrole"),
        "segment": _words("segment"),
        "hire_date": _words("hiredate datehired hiredon joindate startdate employmentstart"),
        "level": _words("level grade seniority band"),
        "level_since": _words("levelsince inlevelsince promotiondate lastpromotion"),
        "quota": _words("quota annualquota quotaamount salestarget target"),
        "active": _words("active isactive enabled"),
        "is_seller": _words("isseller seller"),
    },
    "leads": {
        "lead_id": _words("leadid id hsobjectid contactid recordid lead"),
        "rep_id": _words(
            "repid ownerid leadowner hubspotownerid owner contactowner assignedto salesagent"
        ),
        "assigned_date": _words(
            "assigneddate assignedat dateassigned hubspotownerassigneddate ownerassigneddate "
            "createddate createdate datecreated createdat createdon"
        ),
        "origin": _words(
            "origin leadsource source hsanalyticssourcedata1 hsanalyticssource originalsource "
            "leadorigin channel"
        ),
        "segment": _words("segment industry sector"),
        "converted": _words("converted isconverted lifecyclestage leadstatus status"),
        "deal_id": _words("dealid convertedopportunityid opportunityid"),
    },
    "activities": {
        "rep_id": _words("repid ownerid owner assigned assignedto hubspotownerid user salesagent"),
        "date": _words(
            "date activitydate duedate activitydatetime timestamp hstimestamp startdatetime "
            "createddate week day"
        ),
        "calls": _words("calls callcount numberofcalls"),
        "emails": _words("emails emailcount emailssent numberofemails"),
        "meetings": _words("meetings meetingcount numberofmeetings"),
    },
    "accounts": {
        "account_id": _words("accountid id account hsobjectid companyid customerid accountname"),
        "name": _words("name accountname account companyname company customername"),
        "segment": _words(
            "segment industry sector customersegment marketsegment vertical plan tier"
        ),
        "rep_id": _words("repid ownerid accountowner hubspotownerid owner"),
        "start_date": _words("startdate customersince contractstartdate becamecustomerdate"),
        "arr_start": _words("arrstart startingarr arratstart openingarr"),
        "arr_now": _words("arrnow arr currentarr annualrecurringrevenue"),
        "churn_date": _words(
            "churndate churnedat churnedon canceldate cancellationdate cancelledat"
        ),
        "seats": _words("seats licensedseats licenses seatcount purchasedseats"),
        "active_seats": _words("activeseats activeusers usedseats seatsused"),
    },
    "quotas": {
        "period_start": _words("periodstart startdate start from periodfrom"),
        "period_end": _words("periodend enddate end to periodto"),
        "rep_id": _words("repid quotaownerid ownerid userid owner goalowner"),
        "amount": _words("amount quotaamount quota target targetmoney goal"),
    },
    "growth": {
        "rep_id": _words("repid id userid ownerid"),
        "track": _words("track careertrack targetrole"),
        "next_skill": _words("nextskill skill"),
        "stretch_assignment": _words("stretchassignment stretch"),
        "promotion_readiness": _words("promotionreadiness readiness"),
        "last_growth_conversation": _words(
            "lastgrowthconversation lastcareerconversation lastdevelopmentconversation"
        ),
    },
}

FILE_WORDS: dict[str, tuple[str, ...]] = {
    "deals": _words("opportunit deal pipeline booking"),
    "reps": _words("user owner rep agent team employee staff seller member"),
    "leads": _words("lead contact prospect"),
    "activities": _words("task event activit call engagement meeting email"),
    "accounts": _words("account compan customer client organi"),
    "quotas": _words("quota target goal"),
    "growth": _words("growth career development"),
}
"""Words in a file's name that say which table it holds (the table's name included)."""

CLOSED_FLAGS = _words("isclosed hsisclosed closed")
WON_FLAGS = _words("iswon hsisclosedwon closedwon won")
DELETED_FLAGS = _words("isdeleted deleted fivetrandeleted")
FIRST_NAMES = _words("firstname first givenname")
LAST_NAMES = _words("lastname last surname familyname")
ACTIVITY_TYPES = _words(
    "tasksubtype eventsubtype type activitytype subtype engagementtype tasktype eventtype"
)
"""Headers of a column saying what an activity row was (call, e-mail, meeting)."""
HISTORY_FLAG = "_fivetran_active"
"""Fivetran history mode: false marks an old version of a record (empty: the current one)."""
