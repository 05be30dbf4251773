export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/landing/index',
    'pages/card/index',
    'pages/wallet/index',
    'pages/profile/index',
    'pages/privacy/index',
    'pages/purchases/index',
    'pages/mall/index',
    'pages/points/index',
  ],
  // clerk / manager / HQ pages: their own subpackage, downloaded only by staff
  subPackages: [
    {
      root: 'staff',
      pages: [
        'pages/home/index',
        'pages/bind/index',
        'pages/till/index',
        'pages/orders/index',
        'pages/qrcode/index',
        'pages/invite/index',
        'pages/tasks/index',
        'pages/settings/index',
        'pages/automations/index',
        'pages/audit/index',
        'pages/tickets/index',
        'pages/customers/index',
        'pages/customer/index',
        'pages/team/index',
        'pages/figures/index',
        'pages/pickups/index',
        'pages/reports/index',
      ],
    },
  ],
  window: {
    navigationBarBackgroundColor: '#0f6b57',
    navigationBarTextStyle: 'white',
    navigationBarTitleText: '会员中心',
    backgroundColor: '#f4f5f2',
    backgroundTextStyle: 'light',
  },
  // WeChat's privacy flow: personal-data APIs (phone number) wait for the user's agreement.
  __usePrivacyCheck__: true,
  lazyCodeLoading: 'requiredComponents',
});
