"""The XSD object types a query's dotted path (MetaData.LastUpdatedTime) steps into.

Same spelling as query_fields: "Name", "Name:Type", a bare "...Ref" is a ReferenceType.
"""

TYPE_FIELDS = {
    "AdvancedInventoryPrefs": (
        "BarcodeEnabled EnhancedInventoryReceivingEnabled FIFOEffectiveDate "
        "FIFOEnabled MLIAvailable MLIEnabled RowShelfBinEnabled "
        "TrackingOnBuildAssemblyEnabled TrackingOnInventoryAdjustmentEnabled "
        "TrackingOnPurchaseTransactionsEnabled TrackingOnSalesTransactionsEnabled "
        "TrackingSerialOrLotNumber"
    ),
    "AttachableRef": (
        "AttachableRefEx CustomField:CustomField EntityRef IncludeOnSend LineInfo"
    ),
    "CheckPayment": ("AcctNum BankName CheckNum CheckPaymentEx NameOnAcct Status"),
    "CompanyAccountingPrefs": (
        "AutoJournalEntryNumber BookCloseDate ClassTrackingPerTxn "
        "ClassTrackingPerTxnLine CustomerTerminology DefaultAPAccount:ReferenceType "
        "DefaultARAccount:ReferenceType DepartmentTerminology FirstMonthOfFiscalYear "
        "OtherContactInfo:ContactInfo RequiresAccounts TaxForm TaxYearMonth "
        "TrackDepartments UseAccountNumbers"
    ),
    "ContactInfo": (
        "Email:EmailAddress OtherContact Telephone:TelephoneNumber Type "
        "WebSite:WebSiteAddress"
    ),
    "ConvenienceFeeDetail": (
        "AttachableRef:AttachableRef ConvenienceFeePercent ConvenienceFeeType "
        "CustomField:CustomField Id MetaData:ModificationMetaData SyncToken domain "
        "sparse status"
    ),
    "CreditCardPayment": ("CreditChargeInfo:CreditChargeInfo CreditChargeResponse"),
    "CreditChargeInfo": (
        "Amount BillAddrStreet CCTxnMode CCTxnType CcExpiryMonth CcExpiryYear "
        "CommercialCardCode CreditCardChargeInfoEx NameOnAcct Number PostalCode "
        "PrevCCTransId ProcessPayment Type"
    ),
    "CurrencyPrefs": ("HomeCurrency:ReferenceType MultiCurrencyEnabled"),
    "CustomExtensions": ("AssociatedValues ExtensionType"),
    "CustomField": (
        "BooleanValue DateValue DefinitionId Name NumberValue StringValue Type"
    ),
    "EffectiveTaxRate": ("EffectiveDate EffectiveTaxRateEx EndDate RateValue"),
    "EmailAddress": ("Address Default Id Tag"),
    "EmailMessagesPrefs": (
        "EstimateMessage InvoiceMessage NameValue:NameValue SalesReceiptMessage "
        "StatementMessage"
    ),
    "EnabledSurchargeInfo": ("ACH Card Enabled"),
    "FinanceChargePrefs": (
        "AnnualInterestRate AssessFinChrgForOverdueCharges CalcFinChrgFromTxnDate "
        "FinChrgAccountRef GracePeriod MinFinChrg"
    ),
    "ItemAssemblyDetail": ("ItemAssemblyLine"),
    "ItemGroupDetail": ("ItemGroupLine"),
    "JobInfo": ("Description EndDate JobTypeRef ProjectedEndDate StartDate Status"),
    "Line": (
        "AccountBasedExpenseLineDetail Amount CostAmount "
        "CustomExtensions:CustomExtensions CustomField:CustomField DepositLineDetail "
        "Description DescriptionLineDetail DetailType DiscountLineDetail "
        "GroupLineDetail HomeCostAmount Id ItemAdjustmentLineDetail "
        "ItemBasedExpenseLineDetail ItemReceiptLineDetail JournalEntryLineDetail "
        "LineEx LineNum LinkedTxn:LinkedTxn PaymentLineDetail ProjectRef "
        "PurchaseOrderItemLineDetail Received ReimburseLineDetail SalesItemLineDetail "
        "SalesOrderItemLineDetail SubTotalLineDetail TDSLineDetail TaxLineDetail"
    ),
    "LinkedTxn": ("TxnId TxnLineId TxnType"),
    "MXGlobalInfo": ("Month Periodicity Year"),
    "MemoRef": ("id value"),
    "ModificationMetaData": (
        "CreateTime CreatedByRef LastChangedInQB LastModifiedByRef LastUpdatedTime "
        "Synchronized"
    ),
    "NameValue": ("Name Value"),
    "OtherPrefs": ("NameValue:NameValue"),
    "PhysicalAddress": (
        "City Country CountryCode CountrySubDivisionCode County Id Lat Line1 Line2 "
        "Line3 Line4 Line5 Long Note PostalCode PostalCodeSuffix Tag"
    ),
    "PrintDocumentPrefs": ("NameValue:NameValue"),
    "ProductAndServicesPrefs": (
        "ForPurchase ForSales InventoryAndPurchaseOrder QuantityOnHand "
        "QuantityWithPriceAndRate RevenueRecognition RevenueRecognitionFrequency UOM"
    ),
    "RecurringInfo": ("Active Name RecurType ScheduleInfo"),
    "ReferenceType": ("name type value"),
    "ReportPrefs": ("CalcAgingReportFromTxnDate ReportBasis"),
    "SalesFormsPrefs": (
        "AllowDeposit AllowDiscount AllowEstimates AllowServiceDate AllowShipping "
        "AutoApplyCredit AutoApplyPayments CustomField CustomTxnNumbers "
        "DefaultCustomerMessage DefaultDeliveryMethod DefaultDiscountAccount "
        "DefaultFOB DefaultItem:ReferenceType DefaultMarkup DefaultShipMethodRef "
        "DefaultShippingAccount DefaultTerms:ReferenceType DelayedCharges "
        "ETransactionAttachPDF ETransactionEnabledStatus ETransactionPaymentEnabled "
        "EmailCopyToCompany EstimateMessage IPNSupportEnabled InvoiceMessage "
        "PrintItemWithZeroAmount SalesEmailBcc:EmailAddress SalesEmailCc:EmailAddress "
        "TrackReimbursableExpensesAsIncome UsingPriceLevels UsingProgressInvoicing "
        "UsingSalesOrders"
    ),
    "StatusInfo": ("callToAction status statusDate"),
    "Tag": (
        "AttachableRef:AttachableRef CustomField:CustomField Id "
        "MetaData:ModificationMetaData Name SyncToken domain sparse status"
    ),
    "TaxPrefs": (
        "HideTaxManagement NonTaxableSalesTaxCodeRef PartnerTaxEnabled PaySalesTax "
        "TaxGroupCodeRef TaxRateRef TaxableSalesTaxCodeRef UsingSalesTax"
    ),
    "TaxRateList": ("TaxRateDetail originatingGroupId"),
    "TelephoneNumber": (
        "AreaCode CountryCode Default DeviceType ExchangeCode Extension FreeFormNumber "
        "Id Tag"
    ),
    "TimeTrackingPrefs": (
        "BillCustomers DefaultTimeItem:ReferenceType MarkExpensesAsBillable "
        "MarkTimeEntriesBillable ShowBillRateToAll TimeTrackingEnabled UseServices "
        "WorkWeekStartDate"
    ),
    "TransactionDeliveryInfo": ("DeliveryErrorType DeliveryTime DeliveryType"),
    "TxnApprovalInfo": (
        "ApprovalStatus ApprovalStatusDetail LastChangedByUser LastChangedDate"
    ),
    "TxnRetainageDetail": ("RetainageAmount RetainageOpenBalance"),
    "TxnTaxDetail": (
        "DefaultTaxCodeRef TaxLine:Line TaxReviewStatus TotalTax TxnTaxCodeRef "
        "UseAutomatedSalesTax"
    ),
    "VendorAndPurchasesPrefs": (
        "AutomaticBillPayment BillableExpenseTracking DaysBillsAreDue DefaultMarkup "
        "DefaultMarkupAccount:ReferenceType DefaultTerms:ReferenceType "
        "DiscountAccountRef EnableBills MsgToVendors POCustomField TPAREnabled "
        "TrackingByCustomer UsingInventory UsingMultiLocationInventory"
    ),
    "WebSiteAddress": ("Default Id Tag URI"),
}
