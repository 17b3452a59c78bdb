"""Care proceedings analysed with the children's social care records they are linked to.

:mod:`.three_variable` derives each linked case's legal status before, at application, during,
at the final order and 12 months after (the simplified method of Masson, Garside and Jenney in
*Data Visualisation in Children's Social Care*, Coram, April 2019, section 5) and the Sankey of
those journeys; :mod:`.orders` follows supervision orders to a return to court (Harwin and
Alrouh, same report, section 6).
"""
