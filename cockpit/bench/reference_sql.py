"""The DuckDB reference's SQL, in a module of its own: the whole-process DuckDB script
(`duckdb_script.py`) imports it without loading Polars, as an analyst's script would not."""

DUCKDB_REPS = """
with d as (
  select rep_id,
         sum(amount) filter (where stage = 'won') as won_amount,
         count(*) filter (where stage = 'won') as won_deals,
         count(*) filter (where stage = 'lost') as lost_deals
  from {deals} where close_date between $start and $end group by rep_id),
a as (
  select rep_id, sum(coalesce(calls, 0) + coalesce(emails, 0) + coalesce(meetings, 0))
         as activities
  from {activities} where date between $start and $elapsed_end group by rep_id),
l as (
  select rep_id,
         count(*) filter (where origin = 'company') as company_leads,
         count(*) filter (where origin = 'company' and converted) as company_converted,
         count(*) filter (where origin <> 'company') as self_leads,
         count(*) filter (where origin <> 'company' and converted) as self_converted
  from {leads} where assigned_date between $start and $end group by rep_id)
select r.rep_id,
       coalesce(won_amount, 0) as won_amount, coalesce(won_deals, 0) as won_deals,
       coalesce(lost_deals, 0) as lost_deals, coalesce(activities, 0) as activities,
       coalesce(company_leads, 0) as company_leads,
       coalesce(company_converted, 0) as company_converted,
       coalesce(self_leads, 0) as self_leads, coalesce(self_converted, 0) as self_converted
from {reps} r left join d using (rep_id) left join a using (rep_id) left join l using (rep_id)
"""

DUCKDB_SEGMENTS = """
with acc as (
  select segment, arr_start, arr_now, seats, active_seats, churn_date,
         coalesce(start_date < $start, true) and coalesce(churn_date >= $start, true) as at_start,
         coalesce(churn_date > $as_of, true) as live
  from {accounts}),
m as (
  select segment,
         count(*) filter (where at_start) as accounts,
         count(*) filter (where at_start and churn_date between $start and $end) as churned,
         sum(arr_start) filter (where at_start) as arr_start,
         sum(arr_now) filter (where at_start) as arr_now,
         sum(least(arr_now, arr_start)) filter (where at_start) as kept,
         sum(arr_start) filter (where at_start and churn_date between $start and $end)
           as churned_arr,
         sum(seats) filter (where live) as seats,
         sum(active_seats) filter (where live) as active_seats
  from acc group by segment),
b as (
  select segment,
         sum(amount) filter (where stage = 'won') as bookings,
         count(*) filter (where stage = 'won') as won_deals,
         count(*) filter (where stage in ('won', 'lost')) as closed_deals
  from {deals} where close_date between $start and $end and segment is not null
  group by segment)
select coalesce(m.segment, b.segment) as segment, accounts, churned, arr_start, arr_now, kept,
       churned_arr, seats, active_seats, coalesce(bookings, 0) as bookings, won_deals,
       closed_deals
from m full join b on m.segment = b.segment
"""
