"""Evidence profiles: what is known about an intervention's effect, and how sure we are.

A profile holds the recognition level a beheerder set (with scheme, date, committee and
link), optional international evidence (an EEF strand as published there), the werkzame
elementen, the target group and a cost band. Statements are sentences about effect found
in imported documents; they never set a level themselves.
"""
